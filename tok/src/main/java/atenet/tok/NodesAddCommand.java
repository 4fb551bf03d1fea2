package atenet.tok;

import atenet.redolog.ops.Durations;
import atenet.redolog.ops.Networks;
import atenet.redolog.state.NetworkRecord;
import atenet.redolog.store.Chain;
import atenet.wire.identity.EnrollmentGrant;
import atenet.wire.net.HostPort;
import atenet.wire.token.EnrollmentToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tok nodes add --name NAME [--networks a,b] [--expires 1h] [--via HOST:PORT ...]}: prints a one-time
 * enrolment token (operator-signed grant + where to join) for {@code vswitch --join}. Nothing is written to the
 * chain: the new node's own NODE_ADMITTED entry uses the grant, once.
 */
@Command(name = "add", description = "Print a one-time enrolment token that lets a new server join this chain's fabric (vswitch --join TOKEN).")
final class NodesAddCommand extends Verb {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "the new node's name (1..64 bytes)")
    String name;

    @Option(names = "--networks", paramLabel = "a,b", split = ",", description = "networks it will serve (default: every network)")
    List<String> networks = new ArrayList<>();

    @Option(names = "--expires", paramLabel = "DURATION", defaultValue = "1h",
            description = "how long the token can be used: N followed by d, h, m or s (default: ${DEFAULT-VALUE})")
    String expires;

    @Option(names = "--via", paramLabel = "HOST:PORT",
            description = "admin address of a running node the new one contacts (repeatable; default: the node running on --data)")
    List<String> via = new ArrayList<>();

    @Override
    public Integer call() {
        long expiresAt;
        try {
            expiresAt = System.currentTimeMillis() + Durations.parse(expires).toMillis();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length < 1 || n.length > EnrollmentGrant.MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw usage("--name must be 1.." + EnrollmentGrant.MAX_NAME + " bytes without control characters");
        }
        List<HostPort> contacts = new ArrayList<>();
        for (String v : via) {
            try {
                contacts.add(HostPort.parse("--via", v));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        if (contacts.isEmpty()) {
            contacts.add(runningNodeAdmin());
        }
        try (Chain chain = data.openChain()) {
            if (chain.state().nodes().stream().anyMatch(r -> r.name().equals(name) && !r.removed())) {
                throw new TokException("a node named '" + name + "' is already enrolled (tok nodes list)");
            }
            List<byte[]> ids = new ArrayList<>();
            for (String net : networks) {
                NetworkRecord r = Networks.byName(chain, net.strip());
                ids.add(r.id());
            }
            byte[] grantId = new byte[16];
            new SecureRandom().nextBytes(grantId);
            EnrollmentGrant grant = EnrollmentGrant.sign(data.operatorKey().privateKey(), chain.chainId(), grantId, expiresAt, name, ids);
            EnrollmentToken token = new EnrollmentToken(chain.state().operatorKey(), grant, contacts);
            out().println(token.encode());
            out().flush();
            err().println("enrolment token for node '" + name + "' (grant " + grant.grantIdHex() + "), usable once until "
                    + time(expiresAt) + "; on the new server: bin/vswitch --data DIR --join TOKEN --listen HOST:PORT"
                    + " --raft-listen HOST:PORT (an address the other nodes reach)");
        }
        return TokMain.EXIT_OK;
    }

    /** The admin address of the node running on --data (its admin.url), for the new node to contact. */
    private HostPort runningNodeAdmin() {
        Path f = data.path().resolve(StatusCommand.ADMIN_URL_FILE);
        try {
            URI u = URI.create(Files.readString(f, StandardCharsets.UTF_8).strip());
            return new HostPort(u.getHost().replace("[", "").replace("]", ""), u.getPort());
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new TokException("no node runs on " + data.path() + " to name in the token: give --via HOST:PORT"
                    + " (the --admin address of a running node of this chain)");
        }
    }
}
