package io.sightline.cli.security;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sightline.security.UnsafeConfigurationException;
import io.sightline.cli.ServiceSettings;
import io.sightline.testing.TestInfra;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outside embedded mode the services refuse to start, with one line saying what to set, on the
 * well-known S3 credentials, without any token, with JWT validation but no signature, and with a
 * token entry that is not a hash. (The all-in-one, in embedded mode, starts with the default S3
 * credentials: AllInOneTest.)
 */
class SafeDefaultsTest {

    @Test
    void theWellKnownS3CredentialsStopTheStart() {
        String line = refusal(props -> {
            props.put("sightline.s3.access-key", "sightline");
            props.put("sightline.s3.secret-key", "sightline-secret");
        });
        assertTrue(line.contains("well-known default S3 credentials")
                && line.contains("SIGHTLINE_S3_ACCESS_KEY and SIGHTLINE_S3_SECRET_KEY"), line);
        assertFalse(line.contains("sightline-secret"), "the secret is not repeated: " + line);
    }

    @Test
    void noTokenAndNoIdentityProviderStopTheStart() {
        String line = refusal(props -> props.put("sightline.security.tokens", List.of()));
        assertTrue(line.contains("without API tokens") && line.contains("sightline.security.tokens"), line);
    }

    @Test
    void jwtValidationWithoutASignatureStopsTheStart() {
        String line = refusal(props -> props.put("micronaut.security.token.jwt.enabled", true));
        assertTrue(line.contains("JWT validation is on") && line.contains("JWKS"), line);
    }

    @Test
    void aTokenEntryThatIsNotAHashStopsTheStartWithoutRepeatingIt() {
        String line = refusal(props -> props.put("sightline.security.tokens",
                List.of(Map.of("name", "pasted-the-token", "sha256", "my-plain-token", "roles", List.of("admin")))));
        assertTrue(line.contains("sightline.security.tokens[0] (pasted-the-token)") && line.contains("never the token"),
                line);
        assertFalse(line.contains("my-plain-token"), line);
        String role = refusal(props -> props.put("sightline.security.tokens",
                List.of(Map.of("sha256", "a".repeat(64), "roles", List.of("root")))));
        assertTrue(role.contains("roles must be some of [classify, contribute, admin], not [root]"), role);
    }

    /** The one line the start failed with (as the CLI prints it), with {@code change} applied to good settings. */
    private static String refusal(Consumer<Map<String, Object>> change) {
        Map<String, Object> props = ServiceSettings.onTestInfra();
        change.accept(props);
        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> ApplicationContext.run(EmbeddedServer.class, props).close());
        Throwable cause = failure;
        while (cause != null && !(cause instanceof UnsafeConfigurationException)
                && !(cause instanceof io.micronaut.context.exceptions.ConfigurationException)) {
            cause = cause.getCause();
        }
        assertTrue(cause != null, "refused for the wrong reason: " + failure);
        String line = cause.getMessage();
        assertFalse(line.contains("\n"), "one line: " + line);
        return line;
    }
}
