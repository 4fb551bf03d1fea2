package atenet.wire.handshake;

import javax.crypto.spec.SecretKeySpec;
import java.util.Arrays;

/**
 * The two AES-256-GCM keys a handshake gives one side: {@link #send} seals, {@link #receive} opens.
 * {@link #destroy()} zeroes the raw key bytes held here. (The JDK keeps its own copies inside each
 * {@code SecretKeySpec} and cipher, which it does not let us wipe; they become garbage with the session.)
 */
public final class TransportKeys {
    public final SecretKeySpec send;
    public final SecretKeySpec receive;
    private final byte[] sendRaw;
    private final byte[] receiveRaw;

    TransportKeys(byte[] sendRaw, byte[] receiveRaw) {
        this.sendRaw = sendRaw;
        this.receiveRaw = receiveRaw;
        this.send = new SecretKeySpec(sendRaw, "AES");
        this.receive = new SecretKeySpec(receiveRaw, "AES");
    }

    /** Keys from a finished handshake: initiator sends with split()[0], the responder with split()[1]. */
    static TransportKeys fromSplit(byte[][] split, boolean initiator) {
        return initiator ? new TransportKeys(split[0], split[1]) : new TransportKeys(split[1], split[0]);
    }

    /** For tests that need a session without a handshake. */
    public static TransportKeys of(byte[] send, byte[] receive) {
        return new TransportKeys(send.clone(), receive.clone());
    }

    public void destroy() {
        Arrays.fill(sendRaw, (byte) 0);
        Arrays.fill(receiveRaw, (byte) 0);
    }

    /** True once {@link #destroy()} ran (tests). */
    public boolean destroyed() {
        for (byte b : sendRaw) {
            if (b != 0) {
                return false;
            }
        }
        for (byte b : receiveRaw) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
