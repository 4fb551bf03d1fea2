package atenet.vswitch.udp;

import atenet.wire.handshake.HandshakeLayout;
import atenet.wire.handshake.HandshakeMacs;
import atenet.wire.handshake.ResponderHandshake;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Decides, before any Diffie-Hellman, whether an INIT may cost the node a handshake. Cheapest first:
 * <pre>
 *  1. shape and mac1 (proves the sender knows this node's public key)      no → drop badMac
 *  2. load: the node-wide budget ({@link Timeouts#HANDSHAKES_PER_SECOND}) has tokens?
 *       no (under load) → mac2 must be a valid cookie for this source address:
 *            no → answer COOKIE (at most {@link Timeouts#COOKIES_PER_SOURCE} per source address and
 *                 {@link Timeouts#COOKIES_PER_SECOND} in all) → drop cookieSent
 *  3. per-source budget ({@link SourceBudget})                             no → drop handshakeRateLimited
 *  4. hard cap ({@link Timeouts#HANDSHAKES_HARD_CAP} per second)           no → drop handshakeRateLimited
 *  → the caller runs Noise (ResponderHandshake.read)
 * </pre>
 * A spoofed flood drains the node-wide budget, after which it needs cookies it cannot receive; a flood from
 * one real address is held to that address's budget; everyone else keeps joining (a cookie costs them one
 * extra round trip). Owned by the data-plane thread.
 */
final class HandshakeGate {
    enum Verdict { PASS, DROPPED, COOKIE_SENT }

    private final byte[] mac1Key;
    private final byte[] cookieKey;
    private final CookieJar cookies;
    private final TokenBucket load;
    private final TokenBucket hardCap;
    private final TokenBucket cookieReplies;
    private final SourceBudget perSource;
    private final SourceBudget cookiesPerSource;
    private final SecureRandom random;
    private final DropCounters drops;
    private final byte[] nonce = new byte[HandshakeLayout.COOKIE_NONCE_LEN];

    HandshakeGate(NodeIdentity id, SecureRandom random, DropCounters drops, long nowNanos) {
        this.mac1Key = id.mac1Key();
        this.cookieKey = HandshakeMacs.cookieKey(id.x25519Public());
        this.cookies = new CookieJar(random, nowNanos);
        this.load = new TokenBucket(Timeouts.HANDSHAKES_PER_SECOND, nowNanos);
        this.hardCap = new TokenBucket(Timeouts.HANDSHAKES_HARD_CAP, nowNanos);
        this.cookieReplies = new TokenBucket(Timeouts.COOKIES_PER_SECOND, nowNanos);
        this.perSource = new SourceBudget(Timeouts.HANDSHAKES_PER_SOURCE, Timeouts.HANDSHAKES_PER_SOURCE_BURST,
                random.nextLong());
        this.cookiesPerSource = new SourceBudget(Timeouts.COOKIES_PER_SOURCE, Timeouts.COOKIES_PER_SOURCE,
                random.nextLong());
        this.random = random;
        this.drops = drops;
    }

    /**
     * @param reply where a COOKIE message is written when the verdict is COOKIE_SENT (the caller sends
     *              {@link HandshakeLayout#COOKIE_LEN} bytes of it to {@code from})
     */
    Verdict admit(byte[] msg, int len, InetSocketAddress from, long nowNanos, byte[] reply) {
        if (!ResponderHandshake.hasInitShape(msg, len) || !ResponderHandshake.checkMac1(mac1Key, msg)) {
            drops.count(DropReason.BAD_MAC);
            return Verdict.DROPPED;
        }
        if (!load.tryAcquire(nowNanos)) {
            boolean cookieOk = ResponderHandshake.checkMac2(cookies.cookieFor(from, nowNanos), msg)
                    || ResponderHandshake.checkMac2(cookies.previousCookieFor(from, nowNanos), msg);
            if (!cookieOk) {
                // One address asking for cookies draws on its own budget first, so it cannot use up the
                // node-wide cookie budget that every other address needs to get in under load.
                if (!cookiesPerSource.tryAcquire(from.getAddress(), nowNanos) || !cookieReplies.tryAcquire(nowNanos)) {
                    drops.count(DropReason.HANDSHAKE_RATE);
                    return Verdict.DROPPED;
                }
                random.nextBytes(nonce);
                byte[] mac1 = Arrays.copyOfRange(msg, HandshakeLayout.INIT_OFFSET_MAC1, HandshakeLayout.INIT_OFFSET_MAC2);
                int sender = atenet.wire.overlay.OverlayCodec.getInt(msg, HandshakeLayout.INIT_OFFSET_SENDER);
                HandshakeMacs.writeCookieReply(reply, sender, nonce, cookies.cookieFor(from, nowNanos), cookieKey, mac1);
                drops.count(DropReason.COOKIE_SENT);
                return Verdict.COOKIE_SENT;
            }
        }
        if (!perSource.tryAcquire(from.getAddress(), nowNanos) || !hardCap.tryAcquire(nowNanos)) {
            drops.count(DropReason.HANDSHAKE_RATE);
            return Verdict.DROPPED;
        }
        return Verdict.PASS;
    }
}
