package atenet.tapclient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link InterfaceSetup} with the iproute2 {@code ip} command; a failure shows the command and its stderr. */
public final class IpCommand implements InterfaceSetup {
    @Override
    public void configure(String dev, String mac, int mtu, String cidr) {
        ip("link", "set", "dev", dev, "address", mac);
        ip("link", "set", "dev", dev, "mtu", Integer.toString(mtu));
        ip("addr", "replace", cidr, "dev", dev);
        ip("link", "set", "dev", dev, "up");
    }

    @Override
    public void setMtu(String dev, int mtu) {
        ip("link", "set", "dev", dev, "mtu", Integer.toString(mtu));
    }

    static void ip(String... args) {
        List<String> cmd = new ArrayList<>(args.length + 1);
        cmd.add("ip");
        cmd.addAll(List.of(args));
        String line = String.join(" ", cmd);
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("'" + line + "' did not finish in 10 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("'" + line + "' failed (exit " + p.exitValue() + "): "
                        + new String(err, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + line + "' (is iproute2 installed?): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + line + "'");
        }
    }
}
