package atenet.wire.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a one-line secret (an access token, an admin token) from a file given on the command line, stripped of
 * surrounding white space, with one-line errors that name the option: a secret in a file stays out of {@code ps}
 * and shell history, unlike one on the command line.
 */
public final class SecretFile {
    private SecretFile() {
    }

    /**
     * @param option the option that named the file, for messages ("--token-file")
     * @throws IllegalArgumentException "--token-file F does not exist", "… is not readable …", "… is empty", …
     */
    public static String read(String option, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(option + " " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(option + " " + file + " is not readable (permission denied)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + option + " " + file + ": " + e.getMessage());
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException(option + " " + file + " is empty");
        }
        return text;
    }
}
