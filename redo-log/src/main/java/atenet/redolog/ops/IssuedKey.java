package atenet.redolog.ops;

import atenet.redolog.state.AccessKeyRecord;

/** An access key just issued: its chain record and the token (holding the private key) to hand the user. */
public record IssuedKey(AccessKeyRecord record, String token) {
}
