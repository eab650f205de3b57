package io.sightline.cli.allinone;

import io.sightline.embedded.InfrastructureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The all-in-one's admin token, in {@code <data-dir>/admin-token}: made on the first start (32 random
 * bytes, base64url), readable by its owner only (0600), reused on every later start. Only its SHA-256
 * reaches the services' configuration.
 */
public final class AdminToken {
    public static final String FILE_NAME = "admin-token";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminToken() {
    }

    /** The token of {@code dataDir}, made and written first if there is none yet. */
    public static String ensure(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                write(file, newToken());
            }
            return read(file);
        } catch (IOException e) {
            throw new InfrastructureException("cannot keep the admin token in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The token in {@code file} (surrounding white space removed), failing when it is empty. */
    public static String read(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new IOException(file + " is empty; delete it and start again to make a new token");
        }
        return token;
    }

    /** A new random token: 32 bytes from SecureRandom, base64url without padding. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void write(Path file, String token) throws IOException {
        try {
            // Created with its final permissions: the token is never readable by others, not even briefly.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system: the data dir's own permissions protect it
        } catch (FileAlreadyExistsException e) {
            return; // another start made it first; use that one
        }
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    }
}
