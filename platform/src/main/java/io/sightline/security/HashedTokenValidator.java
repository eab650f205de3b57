package io.sightline.security;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Accepts the configured API tokens ({@link TokenTable}); any other token is left to the next
 * validator (JWT, when an identity provider is configured), and refused when none accepts it.
 */
@Singleton
public class HashedTokenValidator implements TokenValidator<HttpRequest<?>> {
    private final TokenTable tokens;

    HashedTokenValidator(TokenTable tokens) {
        this.tokens = tokens;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        return Mono.justOrEmpty(tokens.find(token));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
