package atenet.vswitch.chain;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Which networks this node serves, and the way to join or leave one (the chain: {@link ChainService}). */
public interface Memberships {
    /** Every network (name) of the chain. */
    List<String> networkNames();

    /** The networks (names) this node is a member of now. */
    Set<String> memberOf();

    /** Joins ({@code on}) or leaves network {@code name}; asynchronous, a no-op when already so. */
    CompletableFuture<Void> serve(String name, boolean on);
}
