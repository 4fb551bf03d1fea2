package atenet.vswitch.chain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: unit (files in a temp directory). */
class FirstTokenTest {
    @TempDir
    Path tmp;

    @Test
    void writtenOwnerOnlyAndReplacesAnOldFile() throws Exception {
        Files.writeString(tmp.resolve(FirstToken.FILE), "old, world-readable\n");
        Files.setPosixFilePermissions(tmp.resolve(FirstToken.FILE), PosixFilePermissions.fromString("rw-r--r--"));
        Path f = FirstToken.write(tmp, "atn1_secret");
        assertEquals(tmp.resolve(FirstToken.FILE), f);
        assertEquals("atn1_secret\n", Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temp file left behind");
        }
    }
}
