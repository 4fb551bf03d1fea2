package atenet.tapclient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Where the engine sends overlay packets: one node endpoint at a time. */
public interface Transport {
    /** Points the transport at {@code node} (cold path, before a handshake round). No-op when already there. */
    void connect(InetSocketAddress node) throws IOException;

    /** Sends {@code pkt} between position and limit. False when it could not be sent (the caller counts it). */
    boolean send(ByteBuffer pkt);
}
