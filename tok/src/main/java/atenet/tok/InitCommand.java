package atenet.tok;

import atenet.redolog.entry.NetworkCreated;
import atenet.redolog.ops.ChainBootstrap;
import atenet.redolog.ops.Cidr;
import atenet.redolog.state.NetworkRecord;
import atenet.redolog.store.Chain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.HexFormat;

/** {@code tok init}: operator key, genesis and the first network in a new data directory. */
@Command(name = "init", description = "Create a data directory: operator key, chain (genesis) and a first network.")
final class InitCommand extends Verb {
    @Option(names = "--network", paramLabel = "NAME", defaultValue = "default", description = "first network's name (default: ${DEFAULT-VALUE})")
    String network;

    @Option(names = "--subnet", paramLabel = "CIDR", defaultValue = "10.250.0.0/24", description = "first network's IPv4 subnet (default: ${DEFAULT-VALUE})")
    String subnet;

    @Option(names = "--name", paramLabel = "CHAIN_NAME", defaultValue = ChainBootstrap.DEFAULT_CHAIN_NAME, description = "chain name (default: ${DEFAULT-VALUE})")
    String chainName;

    @Override
    public Integer call() {
        try {
            NetworkCreated.checkName(network);
            Cidr.parse(subnet);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (chainName.isBlank() || chainName.length() > 64) {
            throw usage("chain name must be 1-64 characters");
        }
        if (Chain.exists(data.path())) {
            throw new TokException("a chain already exists in " + data.path().resolve(Chain.CHAIN_DIR) + "; refusing to initialise it again");
        }
        try (Chain chain = ChainBootstrap.init(data.path(), network, subnet, chainName)) {
            NetworkRecord n = chain.state().networkByName(network).orElseThrow();
            out().println("initialised chain '" + chainName + "' in " + data.path() + ", chain id " + HexFormat.of().formatHex(chain.chainId()));
            out().println("network " + n.name() + " " + n.cidr() + " gateway " + n.gateway().getHostAddress() + " mtu " + n.mtu() + " id " + n.idHex());
            out().println("operator key: " + data.path().resolve("operator.key") + " (secret: back it up, never share it)");
        }
        return TokMain.EXIT_OK;
    }
}
