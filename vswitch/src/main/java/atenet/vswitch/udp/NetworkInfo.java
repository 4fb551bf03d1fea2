package atenet.vswitch.udp;

/** A network the node serves, as the data plane needs it. */
public record NetworkInfo(byte[] id, long idHi, long idLo, String name, String subnet, int mtu) {
}
