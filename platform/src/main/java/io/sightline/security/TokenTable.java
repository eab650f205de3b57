package io.sightline.security;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.security.authentication.Authentication;
import io.sightline.contract.Sha256;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configured API tokens, by the SHA-256 of the token: a token is known when its hash is. A bad
 * entry (not a SHA-256, no role, an unknown role) stops the start with one line naming the entry,
 * never its hash.
 */
@Singleton
public class TokenTable {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Map<String, Authentication> byHash = new HashMap<>();

    TokenTable(List<TokenEntry> entries) {
        for (TokenEntry entry : entries) {
            String where = "sightline.security.tokens[" + entry.index() + "] (" + entry.name() + ")";
            if (!SHA256.matcher(entry.sha256()).matches()) {
                throw new ConfigurationException(where + ": sha256 must be the 64 lowercase hex digits of the token's"
                        + " SHA-256 (printf %s \"$TOKEN\" | sha256sum), never the token itself");
            }
            List<String> unknown = entry.roles().stream().filter(role -> !Roles.known(role)).toList();
            if (entry.roles().isEmpty() || !unknown.isEmpty()) {
                throw new ConfigurationException(where + ": roles must be some of " + Roles.ALL
                        + (unknown.isEmpty() ? "" : ", not " + unknown));
            }
            byHash.put(entry.sha256(), Authentication.build(entry.name(), Roles.granted(entry.roles())));
        }
    }

    public boolean isEmpty() {
        return byHash.isEmpty();
    }

    /** Who holds {@code token}, with every role it grants, or empty when the token is not configured. */
    public Optional<Authentication> find(String token) {
        return Optional.ofNullable(byHash.get(hash(token)));
    }

    /** The lowercase hex SHA-256 of a token's UTF-8 bytes, as configured. */
    public static String hash(String token) {
        return Sha256.hex(token.getBytes(StandardCharsets.UTF_8));
    }
}
