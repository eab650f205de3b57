package io.sightline.cli.client;

import io.sightline.cli.allinone.AdminToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which token a client command sends: {@code --token}, else {@code SIGHTLINE_TOKEN}, else the admin
 * token that {@code ./sightline up} wrote into its default data dir (relative to where the command runs).
 */
public final class ClientToken {
    public static final String ENVIRONMENT = "SIGHTLINE_TOKEN";
    public static final Path DEFAULT_FILE = Path.of("sightline-data", AdminToken.FILE_NAME);

    private ClientToken() {
    }

    /** The token to send, or empty when none is given and the default file does not exist. */
    public static Optional<String> resolve(String option, String environment, Path defaultFile) {
        if (option != null && !option.isBlank()) {
            return Optional.of(option.strip());
        }
        if (environment != null && !environment.isBlank()) {
            return Optional.of(environment.strip());
        }
        if (!Files.isRegularFile(defaultFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AdminToken.read(defaultFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token in " + defaultFile + ": " + e.getMessage(), e);
        }
    }
}
