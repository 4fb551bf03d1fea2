package atenet.redolog.state;

import atenet.redolog.entry.NetworkCreated;
import atenet.redolog.entry.NetworkId;

import java.net.Inet4Address;

/** A network as created on the chain. {@code id} is 16 bytes; do not mutate it. */
public record NetworkRecord(byte[] id, String name, Inet4Address subnet, int prefix, int mtu) {

    public NetworkId networkId() {
        return NetworkId.of(id);
    }

    /** High 8 bytes of the id, big-endian. */
    public long idHi() {
        return networkId().hi();
    }

    /** Low 8 bytes of the id, big-endian. */
    public long idLo() {
        return networkId().lo();
    }

    public String idHex() {
        return networkId().hex();
    }

    /** First host of the subnet. */
    public Inet4Address gateway() {
        return NetworkCreated.fromInt(NetworkCreated.toInt(subnet) + 1);
    }

    public String cidr() {
        return subnet.getHostAddress() + "/" + prefix;
    }
}
