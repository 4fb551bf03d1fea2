package atenet.redolog.state;

import java.net.InetSocketAddress;

/** Node {@code nodeId} serves network {@code networkId} (16 bytes) at UDP {@code endpoint}. */
public record Membership(long nodeId, byte[] networkId, InetSocketAddress endpoint) {
}
