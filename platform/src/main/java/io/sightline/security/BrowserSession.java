package io.sightline.security;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How a browser carries its token after the login page: a session cookie (gone when the browser
 * closes), HttpOnly (no script reads it) and SameSite=Strict (no other site's page sends it). It is
 * read for GET and HEAD only, so it can open pages and pictures but never change anything, whatever a
 * browser's SameSite support: uploads, deletions and training need the Authorization header.
 */
@Singleton
public class BrowserSession implements TokenReader<HttpRequest<?>> {
    public static final String COOKIE = "sightline_token";

    @Override
    public Optional<String> findToken(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.GET && request.getMethod() != HttpMethod.HEAD) {
            return Optional.empty();
        }
        return request.getCookies().findCookie(COOKIE).map(Cookie::getValue).flatMap(BrowserSession::decode);
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
