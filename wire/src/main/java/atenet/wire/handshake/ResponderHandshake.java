package atenet.wire.handshake;

import atenet.wire.crypto.X25519Keys;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;

import java.security.SecureRandom;
import java.util.Arrays;

import static atenet.wire.handshake.HandshakeLayout.*;

/**
 * The responder's side of one handshake (the node): reads an INIT, then answers with an accepting or
 * refusing RESPONSE. The caller decides admission between the two steps (key known for that network?
 * timestamp newer than the last one of that key?), because that is policy, not protocol.
 *
 * <p>Order of checks on an INIT (cheapest first; the node's data plane adds rate limits and cookies):
 * length and kind → mac1 ({@link #checkMac1}) → [mac2 under load] → Noise message 1 ({@link #read}).
 */
public final class ResponderHandshake {
    private final NoiseIK noise;
    private final int initiatorIndex;
    private final byte[] initiatorStatic;
    private final byte[] timestamp;
    private final byte[] networkId;
    private final boolean peer;
    private boolean answered;

    private ResponderHandshake(NoiseIK noise, boolean peer, int initiatorIndex, byte[] initiatorStatic, byte[] payload) {
        this.noise = noise;
        this.peer = peer;
        this.initiatorIndex = initiatorIndex;
        this.initiatorStatic = initiatorStatic;
        this.timestamp = Arrays.copyOfRange(payload, 0, Tai64n.LEN);
        this.networkId = Arrays.copyOfRange(payload, Tai64n.LEN, PAYLOAD1_LEN);
    }

    /** Length and kind of an INIT (a client's) or a PEER_INIT (a node's); cheap, no crypto. */
    public static boolean hasInitShape(byte[] msg, int len) {
        return len == INIT_LEN && (msg[0] == MessageKind.INIT || msg[0] == MessageKind.PEER_INIT)
                && OverlayCodec.getInt(msg, INIT_OFFSET_SENDER) != 0;
    }

    /** mac1 of an INIT under {@code mac1Key} = {@link HandshakeMacs#mac1Key}(our static public key). */
    public static boolean checkMac1(byte[] mac1Key, byte[] msg) {
        return HandshakeMacs.checkMac(mac1Key, msg, INIT_OFFSET_MAC1);
    }

    /** mac2 of an INIT under the cookie this source should hold. */
    public static boolean checkMac2(byte[] cookie, byte[] msg) {
        return HandshakeMacs.checkMac(cookie, msg, INIT_OFFSET_MAC2);
    }

    /**
     * Runs Noise message 1 under the prologue of its kind (INIT: {@link InitiatorHandshake#prologue}, PEER_INIT:
     * {@link InitiatorHandshake#peerPrologue}). Returns null when it does not authenticate or its payload is malformed.
     */
    public static ResponderHandshake read(byte[] ownStaticPrivate, byte[] chainId, byte[] msg, int len) {
        if (!hasInitShape(msg, len)) {
            return null;
        }
        boolean peer = msg[0] == MessageKind.PEER_INIT;
        NoiseIK noise = NoiseIK.responder(ownStaticPrivate,
                peer ? InitiatorHandshake.peerPrologue(chainId) : InitiatorHandshake.prologue(chainId));
        byte[] payload = noise.readMessage1(msg, INIT_OFFSET_NOISE, INIT_NOISE_LEN);
        if (payload == null || payload.length != PAYLOAD1_LEN) {
            noise.wipe();
            return null;
        }
        return new ResponderHandshake(noise, peer, OverlayCodec.getInt(msg, INIT_OFFSET_SENDER), noise.remoteStatic(), payload);
    }

    /** True for a PEER_INIT: the initiator claims to be a node of the chain (the caller checks its key is one). */
    public boolean peer() {
        return peer;
    }

    public int initiatorIndex() {
        return initiatorIndex;
    }

    /** The initiator's static public key (an access key, or a peer node's key). */
    public byte[] initiatorStatic() {
        return initiatorStatic.clone();
    }

    public byte[] timestamp() {
        return timestamp.clone();
    }

    public byte[] networkId() {
        return networkId.clone();
    }

    /** Accepts: writes the RESPONSE into {@code out} and returns this side's transport keys. */
    public TransportKeys accept(int ownIndex, int advisedMtu, SecureRandom random, byte[] out) {
        if (ownIndex == 0 || advisedMtu < 0 || advisedMtu > 0xffff) {
            throw new IllegalArgumentException("index 0 is reserved; the MTU is 0..65535");
        }
        write(ownIndex, STATUS_OK, advisedMtu, random, out);
        return TransportKeys.fromSplit(noise.split(), false);
    }

    /** Refuses, authenticated: writes a RESPONSE with {@code reasonCode} and sender index 0. */
    public void refuse(int reasonCode, SecureRandom random, byte[] out) {
        if (reasonCode <= STATUS_OK || reasonCode > 255) {
            throw new IllegalArgumentException("a refusal needs a reason code 1..255, got " + reasonCode);
        }
        write(0, reasonCode, 0, random, out);
        noise.wipe();
    }

    private void write(int ownIndex, int status, int mtu, SecureRandom random, byte[] out) {
        if (answered) {
            throw new IllegalStateException("a handshake is answered once");
        }
        answered = true;
        out[0] = MessageKind.RESPONSE;
        OverlayCodec.putInt(out, RESP_OFFSET_SENDER, ownIndex);
        OverlayCodec.putInt(out, RESP_OFFSET_RECEIVER, initiatorIndex);
        byte[] payload = {(byte) status, (byte) (mtu >>> 8), (byte) mtu};
        byte[] eph = X25519Keys.generatePrivate(random);
        noise.writeMessage2(eph, payload, out, RESP_OFFSET_NOISE);
        Arrays.fill(eph, (byte) 0);
        HandshakeMacs.writeMac(HandshakeMacs.mac1Key(initiatorStatic), out, RESP_OFFSET_MAC1);
        Arrays.fill(out, RESP_OFFSET_MAC2, RESP_LEN, (byte) 0);
    }
}
