package atenet.wire.token;

import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.X25519Keys;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The one copy-pasteable string an operator hands a user so that one client may join one network.
 * It holds the access key's X25519 <em>private</em> key (the chain holds only the public half) and pins the
 * <em>chain</em> — its id and the operator's Ed25519 public key — not any node: a client trusts a node because
 * the operator enrolled it (its certificate verifies under this key), so a token issued before a node existed
 * works with that node. Node addresses in it are bootstrap hints only.
 *
 * <pre>
 * text   = "atn2_" base64url-without-padding(bytes)
 * bytes  = version (1 B, = 2)
 *        | chain id (32 B: hash of the chain's genesis entry)
 *        | operator public key (32 B, Ed25519: signs node certificates)
 *        | network id (16 B)
 *        | network name length (1 B) | network name (UTF-8)
 *        | subnet address (4 B, IPv4) | subnet prefix length (1 B)
 *        | access private key (32 B, X25519)
 *        | expiry (8 B, epoch millis; 0 = never)
 *        | hint count (1 B)
 *        | per hint: family (1 B: 4 or 6) | address (4 or 16 B) | port (2 B)
 *        | checksum (4 B: first 4 bytes of SHA-256 of everything before it)
 * </pre>
 */
public record AccessToken(byte[] chainId, byte[] operatorKey, byte[] networkId, String networkName, byte[] subnetAddress,
                          int subnetPrefix, byte[] privateKey, long expiresAtMillis, List<InetSocketAddress> hints) {
    public static final String PREFIX = "atn2_";
    private static final String OLD_PREFIX = "atn1_";
    private static final int VERSION = 2;

    public AccessToken {
        check(chainId, 32, "chain id");
        check(operatorKey, 32, "operator key");
        check(networkId, 16, "network id");
        check(subnetAddress, 4, "subnet address");
        check(privateKey, 32, "private key");
        if (networkName == null || networkName.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("a token's network name is 1..255 UTF-8 bytes");
        }
        if (subnetPrefix < 0 || subnetPrefix > 32) {
            throw new IllegalArgumentException("subnet prefix /" + subnetPrefix + " is outside 0..32");
        }
        if (hints == null || hints.size() > 255) {
            throw new IllegalArgumentException("a token names at most 255 node addresses");
        }
        for (InetSocketAddress h : hints) {
            if (h == null || h.getAddress() == null) {
                throw new IllegalArgumentException("a token's node hints are resolved addresses");
            }
        }
        hints = List.copyOf(hints);
    }

    private static void check(byte[] field, int len, String what) {
        if (field == null || field.length != len) {
            throw new IllegalArgumentException("a token's " + what + " is " + len + " bytes");
        }
    }

    public byte[] publicKey() {
        return X25519Keys.publicOf(privateKey);
    }

    public long keyId() {
        return KeyId.of(publicKey());
    }

    public String encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION);
        out.writeBytes(chainId);
        out.writeBytes(operatorKey);
        out.writeBytes(networkId);
        byte[] name = networkName.getBytes(StandardCharsets.UTF_8);
        out.write(name.length);
        out.writeBytes(name);
        out.writeBytes(subnetAddress);
        out.write(subnetPrefix);
        out.writeBytes(privateKey);
        out.writeBytes(ByteBuffer.allocate(8).putLong(expiresAtMillis).array());
        out.write(hints.size());
        for (InetSocketAddress h : hints) {
            byte[] addr = h.getAddress().getAddress();
            out.write(addr.length == 4 ? 4 : 6);
            out.writeBytes(addr);
            out.write(h.getPort() >>> 8);
            out.write(h.getPort());
        }
        byte[] body = out.toByteArray();
        out.writeBytes(Arrays.copyOf(KeyId.sha256(body), 4));
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /**
     * Parses a token.
     *
     * @throws TokenFormatException with a message fit to show a user
     */
    public static AccessToken decode(String text) {
        if (text == null) {
            throw new TokenFormatException("no token given");
        }
        text = text.strip();
        if (text.startsWith(OLD_PREFIX)) {
            throw new TokenFormatException("this token is from an older atenet (atn1_): it pins node keys, which this "
                    + "version no longer does; ask the operator for a new one (tok keys issue)");
        }
        if (!text.startsWith(PREFIX)) {
            throw new TokenFormatException("not an atenet access token (it should start with '" + PREFIX + "')");
        }
        byte[] raw;
        String body64 = text.substring(PREFIX.length());
        try {
            raw = Base64.getUrlDecoder().decode(body64);
        } catch (IllegalArgumentException e) {
            raw = null;
        }
        // Canonical form only: no padding, no stray low bits in the last character.
        if (raw == null || !Base64.getUrlEncoder().withoutPadding().encodeToString(raw).equals(body64)) {
            throw new TokenFormatException("the token is corrupted: it is not valid base64url (was it changed when copied?)");
        }
        if (raw.length < 5) {
            throw new TokenFormatException("the token is corrupted: too short (was it cut when copied?)");
        }
        byte[] body = Arrays.copyOf(raw, raw.length - 4);
        byte[] sum = Arrays.copyOfRange(raw, raw.length - 4, raw.length);
        if (!Arrays.equals(sum, Arrays.copyOf(KeyId.sha256(body), 4))) {
            throw new TokenFormatException("the token is corrupted: checksum mismatch (was it changed or cut when copied?)");
        }
        ByteBuffer b = ByteBuffer.wrap(body);
        try {
            int version = b.get() & 0xff;
            if (version != VERSION) {
                throw new TokenFormatException("unsupported token version " + version + " (this client reads version " + VERSION + ")");
            }
            byte[] chainId = take(b, 32);
            byte[] operatorKey = take(b, 32);
            byte[] networkId = take(b, 16);
            String name = new String(take(b, b.get() & 0xff), StandardCharsets.UTF_8);
            byte[] subnet = take(b, 4);
            int prefix = b.get() & 0xff;
            if (prefix > 32) {
                throw new TokenFormatException("the token is corrupted: subnet prefix /" + prefix);
            }
            byte[] priv = take(b, 32);
            long expiry = b.getLong();
            int count = b.get() & 0xff;
            List<InetSocketAddress> hints = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int family = b.get() & 0xff;
                if (family != 4 && family != 6) {
                    throw new TokenFormatException("the token is corrupted: address family " + family);
                }
                byte[] addr = take(b, family == 4 ? 4 : 16);
                int port = b.getShort() & 0xffff;
                hints.add(new InetSocketAddress(InetAddress.getByAddress(addr), port));
            }
            if (b.hasRemaining()) {
                throw new TokenFormatException("the token is corrupted: " + b.remaining() + " unexpected trailing bytes");
            }
            try {
                return new AccessToken(chainId, operatorKey, networkId, name, subnet, prefix, priv, expiry, List.copyOf(hints));
            } catch (IllegalArgumentException e) {    // the record's own checks, e.g. an over-long network name
                throw new TokenFormatException("the token is corrupted: " + e.getMessage());
            }
        } catch (BufferUnderflowException e) {
            throw new TokenFormatException("the token is corrupted: truncated");
        } catch (UnknownHostException e) {
            throw new TokenFormatException("the token is corrupted: bad node address");
        }
    }

    private static byte[] take(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    public static boolean isIpv6(InetSocketAddress a) {
        return a.getAddress() instanceof Inet6Address;
    }

    public static boolean isIpv4(InetSocketAddress a) {
        return a.getAddress() instanceof Inet4Address;
    }
}
