package atenet.wire.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: unit (files in a temp directory). */
class SecretFileTest {
    @TempDir
    Path tmp;

    @Test
    void readsStrippedAndNamesTheProblem() throws Exception {
        Path f = tmp.resolve("t");
        Files.writeString(f, "\n secret \n");
        assertEquals("secret", SecretFile.read("--x-file", f));
        assertEquals("--x-file " + tmp.resolve("none") + " does not exist",
                assertThrows(IllegalArgumentException.class, () -> SecretFile.read("--x-file", tmp.resolve("none"))).getMessage());
        Files.writeString(f, " \n");
        assertEquals("--x-file " + f + " is empty", assertThrows(IllegalArgumentException.class, () -> SecretFile.read("--x-file", f)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SecretFile.read("--x-file", tmp)).getMessage()
                .startsWith("cannot read --x-file " + tmp));
    }
}
