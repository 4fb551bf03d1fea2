package atenet.tok;

import atenet.redolog.entry.NetworkCreated;
import atenet.redolog.ops.Cidr;
import atenet.redolog.ops.Networks;
import atenet.redolog.state.NetworkRecord;
import atenet.redolog.store.Chain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tok networks create NAME --subnet CIDR [--mtu N]}. */
@Command(name = "create", description = "Create a network (appends NETWORK_CREATED, signed by the operator key).")
final class NetworksCreateCommand extends Verb {
    @Parameters(index = "0", paramLabel = "NAME", description = "1-32 characters a-z, 0-9, '-'")
    String name;

    @Option(names = "--subnet", paramLabel = "CIDR", required = true, description = "IPv4 subnet, prefix /8../30, e.g. 10.251.0.0/24")
    String subnet;

    @Option(names = "--mtu", paramLabel = "N", defaultValue = "1400", description = "MTU of the network (576..9000, default: ${DEFAULT-VALUE})")
    int mtu;

    @Override
    public Integer call() {
        try {
            NetworkCreated.checkName(name);
            Cidr.parse(subnet);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (mtu < NetworkCreated.MIN_MTU || mtu > NetworkCreated.MAX_MTU) {
            throw usage("MTU " + mtu + " out of range " + NetworkCreated.MIN_MTU + ".." + NetworkCreated.MAX_MTU);
        }
        try (Chain chain = data.openChain()) {
            NetworkRecord n = Networks.create(data.writer(chain), data.operatorKey(), name, subnet, mtu);
            out().println("created network " + n.name() + " " + n.cidr() + " gateway " + n.gateway().getHostAddress()
                    + " mtu " + n.mtu() + " id " + n.idHex());
        }
        return TokMain.EXIT_OK;
    }
}
