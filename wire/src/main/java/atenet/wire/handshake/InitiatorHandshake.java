package atenet.wire.handshake;

import atenet.wire.crypto.X25519Keys;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import static atenet.wire.handshake.HandshakeLayout.*;

/**
 * The initiator's side of one handshake (a tap-client, or a node dialling a peer): writes INIT, reads the
 * RESPONSE. Layouts in {@link HandshakeLayout}; the cryptography in {@link NoiseIK}.
 *
 * <pre>
 *   initiator                                           responder (node)
 *   INIT: e, es, s, ss, {timestamp, network id} ──────▶ mac1 (and mac2 under load) checked first;
 *                                                       then Noise; key admitted? timestamp newer?
 *   ◀────────────────────── COOKIE (under load): store it, resend INIT with mac2
 *   ◀────────────────────── RESPONSE: e, ee, se, {status, MTU}
 *   status 0: transport keys = Split(); our first TRANSPORT packet confirms the session at the node.
 *   status ≠ 0: an authenticated refusal (RejectReason), no session.
 * </pre>
 * One object per attempt: a retransmission re-sends the same INIT bytes (the node treats an INIT it has
 * seen as a replay), a new attempt builds a new object with a newer timestamp.
 */
public final class InitiatorHandshake {
    /** What the responder answered. {@code keys} is null for a refusal. */
    public record Response(int status, int advisedMtu, int remoteIndex, TransportKeys keys) {
        public boolean accepted() {
            return status == STATUS_OK && keys != null;
        }
    }

    private final NoiseIK noise;
    private final byte[] ownStaticPublic;
    private final byte[] responderStatic;
    private final int senderIndex;
    private final byte[] init = new byte[INIT_LEN];
    private byte[] mac1;
    private boolean done;

    /**
     * Builds the INIT message at once (with a new ephemeral key from {@code random}).
     *
     * @param senderIndex the index this side chose for the session (non-zero): the responder's packets carry it
     */
    public InitiatorHandshake(byte[] ownStaticPrivate, byte[] responderStatic, byte[] chainId, byte[] networkId,
                              int senderIndex, byte[] timestamp, SecureRandom random) {
        this(MessageKind.INIT, prologue(chainId), ownStaticPrivate, responderStatic, networkId, senderIndex, timestamp,
                random);
    }

    /**
     * A node dialling a peer node (a peer link): the same message 1 with the node's own static key, sent as
     * {@link MessageKind#PEER_INIT} under {@link #peerPrologue}; the RESPONSE is read as for a client.
     */
    public static InitiatorHandshake peer(byte[] nodeStaticPrivate, byte[] peerStatic, byte[] chainId, byte[] networkId,
                                          int senderIndex, byte[] timestamp, SecureRandom random) {
        return new InitiatorHandshake(MessageKind.PEER_INIT, peerPrologue(chainId), nodeStaticPrivate, peerStatic,
                networkId, senderIndex, timestamp, random);
    }

    private InitiatorHandshake(byte kind, byte[] prologue, byte[] ownStaticPrivate, byte[] responderStatic,
                               byte[] networkId, int senderIndex, byte[] timestamp, SecureRandom random) {
        if (senderIndex == 0) {
            throw new IllegalArgumentException("index 0 is reserved");
        }
        if (networkId.length != NETWORK_ID_LEN || timestamp.length != Tai64n.LEN) {
            throw new IllegalArgumentException("network id is 16 bytes, timestamp 12");
        }
        this.noise = NoiseIK.initiator(ownStaticPrivate, responderStatic, prologue);
        this.ownStaticPublic = X25519Keys.publicOf(ownStaticPrivate);
        this.responderStatic = responderStatic.clone();
        this.senderIndex = senderIndex;
        byte[] payload = new byte[PAYLOAD1_LEN];
        System.arraycopy(timestamp, 0, payload, 0, Tai64n.LEN);
        System.arraycopy(networkId, 0, payload, Tai64n.LEN, NETWORK_ID_LEN);
        init[0] = kind;
        OverlayCodec.putInt(init, INIT_OFFSET_SENDER, senderIndex);
        byte[] eph = X25519Keys.generatePrivate(random);
        noise.writeMessage1(eph, payload, init, INIT_OFFSET_NOISE);
        Arrays.fill(eph, (byte) 0);
        HandshakeMacs.writeMac(HandshakeMacs.mac1Key(responderStatic), init, INIT_OFFSET_MAC1);
        mac1 = Arrays.copyOfRange(init, INIT_OFFSET_MAC1, INIT_OFFSET_MAC2);
    }

    /** The Noise prologue: binds every handshake to one chain. */
    public static byte[] prologue(byte[] chainId) {
        byte[] label = "atenet/1 IK".getBytes(StandardCharsets.US_ASCII);
        byte[] p = Arrays.copyOf(label, label.length + chainId.length);
        System.arraycopy(chainId, 0, p, label.length, chainId.length);
        return p;
    }

    /**
     * The Noise prologue of a peer link: a different label, so that a PEER_INIT whose kind byte was changed to
     * INIT (or the other way round) does not authenticate: the role is part of the handshake.
     */
    public static byte[] peerPrologue(byte[] chainId) {
        byte[] label = "atenet/1 peer IK".getBytes(StandardCharsets.US_ASCII);
        byte[] p = Arrays.copyOf(label, label.length + chainId.length);
        System.arraycopy(chainId, 0, p, label.length, chainId.length);
        return p;
    }

    public int senderIndex() {
        return senderIndex;
    }

    public byte[] responderStatic() {
        return responderStatic.clone();
    }

    /** The mac1 of our INIT: the AAD of a cookie reply that answers it. */
    public byte[] mac1() {
        return mac1.clone();
    }

    /**
     * Copies the INIT into {@code out} (mac2 from {@code cookie}, or zeros when null); returns its length.
     */
    public int writeInit(byte[] out, byte[] cookie) {
        if (cookie == null) {
            Arrays.fill(init, INIT_OFFSET_MAC2, INIT_LEN, (byte) 0);
        } else {
            HandshakeMacs.writeMac(cookie, init, INIT_OFFSET_MAC2);
        }
        System.arraycopy(init, 0, out, 0, INIT_LEN);
        return INIT_LEN;
    }

    /** True when {@code msg} is a RESPONSE addressed to this attempt (length, kind, receiver index). */
    public boolean isForMe(byte[] msg, int len) {
        return len == RESP_LEN && msg[0] == MessageKind.RESPONSE
                && OverlayCodec.getInt(msg, RESP_OFFSET_RECEIVER) == senderIndex;
    }

    /**
     * Reads a RESPONSE. Returns null (count it, keep waiting) when it is not for this attempt or does not
     * authenticate; an authenticated answer otherwise. Usable once.
     */
    public Response readResponse(byte[] msg, int len) {
        if (done || !isForMe(msg, len)
                || !HandshakeMacs.checkMac(HandshakeMacs.mac1Key(ownStaticPublic), msg, RESP_OFFSET_MAC1)) {
            return null;
        }
        byte[] payload = noise.readMessage2(msg, RESP_OFFSET_NOISE, RESP_NOISE_LEN);
        if (payload == null || payload.length != PAYLOAD2_LEN) {
            return null;
        }
        done = true;
        int status = payload[0] & 0xff;
        int mtu = OverlayCodec.getShort(payload, 1);
        int remote = OverlayCodec.getInt(msg, RESP_OFFSET_SENDER);
        if (status != STATUS_OK || remote == 0) {
            noise.wipe();
            return new Response(status == STATUS_OK ? atenet.wire.overlay.RejectReason.BAD_AUTH.code : status, mtu, 0, null);
        }
        return new Response(STATUS_OK, mtu, remote, TransportKeys.fromSplit(noise.split(), true));
    }

    /** Forgets this attempt's secrets (a newer attempt replaced it). */
    public void abandon() {
        done = true;
        noise.wipe();
    }
}
