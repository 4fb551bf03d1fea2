package atenet.wire.crypto;

import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;

/**
 * AES-256-GCM over one overlay packet, in place, with the JDK's (SunJCE) hardware-accelerated
 * implementation. One instance per thread: it owns a {@link Cipher}, which is not thread-safe.
 *
 * <p>HOT PATH. The packet lives in one byte array laid out as in {@link OverlayHeader}; the
 * header (bytes 0..13) is the AAD, bytes 13.. are encrypted in place and the tag appended.
 * The nonce is {@code 0x00000000 | counter}. Apart from what {@code Cipher.init} allocates
 * inside the JDK (its parameter spec copy), nothing is allocated per packet.
 *
 * <p>A failed authentication returns -1. SunJCE reports it by throwing
 * {@link AEADBadTagException}; it is caught here, never propagated, and the caller counts the drop.
 * Callers reject unknown keys and sessions before calling {@link #open}, so only forgeries
 * against a live session reach this path.
 */
public final class PacketCipher {
    private static final int TAG_BITS = OverlayHeader.TAG_LEN * 8;
    private final Cipher cipher;
    private final byte[] nonce = new byte[12];

    public PacketCipher() {
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("AES/GCM/NoPadding missing from the JDK", e);
        }
    }

    /**
     * Encrypts {@code pkt[13 .. 13 + plainLen)} (type byte and payload) in place and appends the tag.
     * The header (bytes 0..13, counter included) must already be written.
     *
     * @return the packet's total length: 13 + plainLen + 16
     */
    public int seal(byte[] pkt, int plainLen, SecretKeySpec key) {
        long counter = OverlayCodec.counter(pkt);
        setNonce(counter);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(pkt, 0, OverlayHeader.HEADER_LEN);
            int n = cipher.doFinal(pkt, OverlayHeader.HEADER_LEN, plainLen, pkt, OverlayHeader.HEADER_LEN);
            return OverlayHeader.HEADER_LEN + n;
        } catch (GeneralSecurityException e) {
            // Only reachable through a programming error (key+nonce reuse, bad key length).
            throw new IllegalStateException("AES-GCM seal failed", e);
        }
    }

    /**
     * Authenticates and decrypts {@code pkt[13 .. len)} in place.
     *
     * @return the plaintext length (type byte + payload) at offset 13, or -1 when the packet does not
     * authenticate under {@code key}
     */
    public int open(byte[] pkt, int len, SecretKeySpec key) {
        if (len < OverlayHeader.MIN_SEALED_LEN) {
            return -1;
        }
        setNonce(OverlayCodec.counter(pkt));
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(pkt, 0, OverlayHeader.HEADER_LEN);
            return cipher.doFinal(pkt, OverlayHeader.HEADER_LEN, len - OverlayHeader.HEADER_LEN, pkt, OverlayHeader.HEADER_LEN);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    private void setNonce(long counter) {
        for (int i = 11; i >= 4; i--) {
            nonce[i] = (byte) counter;
            counter >>>= 8;
        }
    }
}
