package io.sightline.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.security.token.reader.TokenResolver;
import io.micronaut.web.router.MethodBasedRouteMatch;
import io.micronaut.web.router.RouteAttributes;
import io.sightline.contract.ErrorCode;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to a request the security rules refused: 401 when there is no valid token (none, or one
 * no validator accepts), 403 when the token is valid but lacks the endpoint's role. The JSON body
 * says which ({@code unauthorized} or {@code forbidden}) and what to do; a browser asking for a page
 * is sent to the login page instead. Nothing of the token is ever echoed.
 */
@Produces
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class AccessAnswers implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {
    private static final String REALM = "Bearer realm=\"sightline\"";

    private final TokenResolver<HttpRequest<?>> tokens;

    AccessAnswers(TokenResolver<HttpRequest<?>> tokens) {
        this.tokens = tokens;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException refusal) {
        boolean forbidden = refusal.isForbidden();
        if (wantsPage(request)) {
            return LoginPage.redirect(request, forbidden ? LoginPage.Problem.FORBIDDEN : LoginPage.Problem.NONE);
        }
        if (forbidden) {
            return answer(HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, forbiddenMessage(request, refusal.getAuthentication()))
                    .header(HttpHeaders.WWW_AUTHENTICATE, REALM + ", error=\"insufficient_scope\"");
        }
        boolean presented = !tokens.resolveTokens(request).isEmpty();
        String message = presented
                ? "the token was not accepted: it is not a configured token, or a JWT that is expired or not signed"
                  + " by the configured identity provider"
                : "this endpoint needs a token: send 'Authorization: Bearer <token>' (the ./sightline commands find"
                  + " the all-in-one's admin token by themselves; see docs/security.md)";
        return answer(HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, message)
                .header(HttpHeaders.WWW_AUTHENTICATE, presented ? REALM + ", error=\"invalid_token\"" : REALM);
    }

    private static MutableHttpResponse<?> answer(HttpStatus status, ErrorCode code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        return HttpResponse.status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(Map.of("error", error));
    }

    private static String forbiddenMessage(HttpRequest<?> request, Authentication who) {
        String needed = RouteAttributes.getRouteMatch(request)
                .filter(MethodBasedRouteMatch.class::isInstance)
                .map(match -> ((MethodBasedRouteMatch<?, ?>) match).getValue(Secured.class, String[].class).orElse(null))
                .map(Arrays::asList)
                .map(roles -> "'" + String.join("' or '", roles) + "'")
                .orElse("a role it does not have");
        String name = who == null ? "this token" : "the token '" + who.getName() + "'";
        return name + " has the roles " + (who == null ? "[]" : who.getRoles()) + ", but " + request.getMethodName()
                + " " + request.getPath() + " needs " + needed;
    }

    /**
     * A browser opening a page: it names text/html itself (an API client sends {@code *}/{@code *} or
     * nothing, and gets JSON).
     */
    private static boolean wantsPage(HttpRequest<?> request) {
        return (request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD)
                && request.getHeaders().accept().stream().anyMatch(type -> MediaType.TEXT_HTML.equals(type.getName()));
    }
}
