package io.sightline.security;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How a browser carries its token after the login page: a session cookie (gone when the browser
 * closes), HttpOnly (no script reads it) and SameSite=Strict (no other site's page sends it). Alone it
 * opens pages and pictures (GET and HEAD) but changes nothing, whatever a browser's SameSite support.
 * A form of one of our pages may change something with it: the form's action carries the session's
 * {@link FormToken}, which only a page of ours rendered for this session knows, and the browser's
 * {@code Origin}, when it sends one, must be this server. Everything else needs the Authorization header.
 */
@Singleton
public class BrowserSession implements TokenReader<HttpRequest<?>> {
    public static final String COOKIE = "sightline_token";

    @Override
    public Optional<String> findToken(HttpRequest<?> request) {
        Optional<String> token = sessionToken(request);
        if (request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD) {
            return token;
        }
        return token.filter(found -> request.getMethod() == HttpMethod.POST && fromOurForm(request, found));
    }

    /** The form token for the forms of a page rendered for this request's browser session, if it has one. */
    public static Optional<String> formToken(HttpRequest<?> request) {
        return sessionToken(request).map(FormToken::of);
    }

    private static Optional<String> sessionToken(HttpRequest<?> request) {
        return request.getCookies().findCookie(COOKIE).map(Cookie::getValue).flatMap(BrowserSession::decode);
    }

    private static boolean fromOurForm(HttpRequest<?> request, String token) {
        String presented = request.getParameters().get(FormToken.PARAMETER);
        return FormToken.matches(presented, token) && sameOrigin(request);
    }

    /** No Origin (not a browser's form), or the authority of this server as the browser addressed it. */
    static boolean sameOrigin(HttpRequest<?> request) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin == null) {
            return true;
        }
        String authority;
        try {
            authority = URI.create(origin).getRawAuthority();
        } catch (IllegalArgumentException e) {
            return false;
        }
        return authority != null && (authority.equalsIgnoreCase(request.getHeaders().get(HttpHeaders.HOST))
                || authority.equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Host")));
    }

    /**
     * The cookie that keeps {@code token} for this browser session; Secure when the page came over HTTPS.
     * The value is the token in base64url, so any token (spaces, quotes, semicolons) fits a cookie.
     */
    public static Cookie cookie(String token, boolean secure) {
        return Cookie.of(COOKIE, encode(token)).path("/").httpOnly(true).sameSite(SameSite.Strict).secure(secure);
    }

    static String encode(String token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> decode(String value) {
        try {
            String token = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            return token.isBlank() ? Optional.empty() : Optional.of(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public int getOrder() {
        // After the Authorization header: an explicit bearer token wins over the cookie.
        return 100;
    }
}
