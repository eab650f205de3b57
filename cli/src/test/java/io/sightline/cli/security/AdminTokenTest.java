package io.sightline.cli.security;

import io.sightline.cli.allinone.AdminToken;
import io.sightline.cli.client.ClientToken;
import io.sightline.testing.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The all-in-one's admin token file, and which token a client command sends. */
class AdminTokenTest {

    @Test
    void theFirstStartMakesAnOwnerOnlyTokenAndLaterStartsReuseIt() throws Exception {
        Path dataDir = TestInfra.tempDir("admin-token");
        String token = AdminToken.ensure(dataDir);
        Path file = dataDir.resolve(AdminToken.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "32 random bytes, base64url: " + token);
        assertEquals(token, AdminToken.ensure(dataDir), "reused");
        assertNotEquals(token, AdminToken.ensure(TestInfra.tempDir("admin-token")), "another data dir, another token");
    }

    @Test
    void theOptionWinsThenTheEnvironmentThenTheDefaultDataDirsFile() throws Exception {
        Path file = TestInfra.tempDir("client-token").resolve("admin-token");
        assertEquals(Optional.empty(), ClientToken.resolve(null, null, file), "nothing given, no file");
        Files.writeString(file, "from-the-file\n");
        assertEquals(Optional.of("from-the-file"), ClientToken.resolve(null, " ", file));
        assertEquals(Optional.of("from-the-env"), ClientToken.resolve(null, "from-the-env", file));
        assertEquals(Optional.of("from-the-option"), ClientToken.resolve("from-the-option", "from-the-env", file));
    }
}
