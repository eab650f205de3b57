package io.sightline.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.sightline.runtime.S3Config;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service refuses to start with, each with one line saying what to set: the well-known default
 * S3 credentials outside embedded mode ({@code sightline.embedded}, set only by the all-in-one, whose
 * S3 server listens on loopback), no way to authenticate anyone (no token and no identity provider),
 * and JWT validation without a signature to check (it would accept unsigned tokens).
 */
@Context
public class SafeDefaults {
    private static final Logger LOG = LoggerFactory.getLogger(SafeDefaults.class);
    static final String JWT_ENABLED = "micronaut.security.token.jwt.enabled";
    static final String JWT_SIGNATURES = "micronaut.security.token.jwt.signatures";

    private final S3Config s3;
    private final TokenTable tokens;
    private final Environment environment;
    private final boolean embedded;

    SafeDefaults(S3Config s3, TokenTable tokens, Environment environment,
                 @Value("${sightline.embedded:false}") boolean embedded) {
        this.s3 = s3;
        this.tokens = tokens;
        this.environment = environment;
        this.embedded = embedded;
    }

    /** The line goes to the log first: a service's own start prints it before Micronaut's stack trace. */
    private static UnsafeConfigurationException refuse(String line) {
        LOG.error(line);
        return new UnsafeConfigurationException(line);
    }

    @PostConstruct
    void check() {
        if (!embedded && S3Config.WELL_KNOWN_ACCESS_KEY.equals(s3.accessKey())
                && S3Config.WELL_KNOWN_SECRET_KEY.equals(s3.secretKey())) {
            throw refuse("refusing to start with the well-known default S3 credentials ("
                    + S3Config.WELL_KNOWN_ACCESS_KEY + " / ...): set SIGHTLINE_S3_ACCESS_KEY and SIGHTLINE_S3_SECRET_KEY"
                    + " (sightline.s3.access-key / secret-key) to your object store's");
        }
        boolean jwt = environment.getProperty(JWT_ENABLED, Boolean.class, false);
        if (jwt && !environment.containsProperties(JWT_SIGNATURES)) {
            throw refuse("refusing to start: JWT validation is on (" + JWT_ENABLED
                    + ") but no signature is configured; set your identity provider's JWKS URL in"
                    + " MICRONAUT_SECURITY_TOKEN_JWT_SIGNATURES_JWKS_IDP_URL (docs/security.md)");
        }
        if (tokens.isEmpty() && !jwt) {
            throw refuse("refusing to start without API tokens: set sightline.security.tokens"
                    + " (entries of {name, sha256, roles}; ./sightline token prints one) or an identity provider"
                    + " (docs/security.md)");
        }
    }
}
