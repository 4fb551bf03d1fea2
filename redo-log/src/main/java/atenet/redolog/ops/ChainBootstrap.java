package atenet.redolog.ops;

import atenet.redolog.entry.NetworkCreated;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.keys.KeyFiles;
import atenet.redolog.store.Chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates a new data directory: operator key, genesis and the first network. */
public final class ChainBootstrap {
    public static final String DEFAULT_CHAIN_NAME = "atenet";

    private ChainBootstrap() {
    }

    /** {@link #init(Path, String, String, String)} with chain name {@value #DEFAULT_CHAIN_NAME}. */
    public static Chain init(Path dataDir, String networkName, String subnetCidr) {
        return init(dataDir, networkName, subnetCidr, DEFAULT_CHAIN_NAME);
    }

    /**
     * Creates dataDir, writes operator.key (0600; an existing one without a chain is reused), the genesis entry
     * and NETWORK_CREATED (MTU {@value NetworkCreated#DEFAULT_MTU}). Arguments are checked before anything is written.
     *
     * @return the open chain; the caller closes it
     * @throws IllegalStateException    if a chain already exists in dataDir
     * @throws IllegalArgumentException for a bad network name or subnet
     */
    public static Chain init(Path dataDir, String networkName, String subnetCidr, String chainName) {
        NetworkCreated.checkName(networkName);
        Cidr.parse(subnetCidr);
        if (Chain.exists(dataDir)) {
            throw new IllegalStateException("a chain already exists in " + dataDir.resolve(Chain.CHAIN_DIR)
                    + "; refusing to initialise it again");
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        Ed25519KeyPair operator;
        if (KeyFiles.hasOperatorKey(dataDir)) {
            operator = KeyFiles.operatorKey(dataDir);
        } else {
            operator = Ed25519KeyPair.generate();
            KeyFiles.writeOperatorKey(dataDir, operator);
        }
        Chain chain = Chain.create(dataDir, operator, chainName);
        try {
            Networks.create(chain, operator, networkName, subnetCidr, NetworkCreated.DEFAULT_MTU);
            return chain;
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }
}
