package io.sightline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The session cookie opens pages; it changes something only from a form of ours (form token, same origin). */
class BrowserSessionTest {
    private static final String TOKEN = "a token; with \"quotes\" and spaces";
    private final BrowserSession session = new BrowserSession();

    @Test
    void theCookieAloneOpensPagesButChangesNothing() {
        assertEquals(Optional.of(TOKEN), session.findToken(withCookie(HttpRequest.GET("/review"))));
        assertEquals(Optional.of(TOKEN), session.findToken(withCookie(HttpRequest.HEAD("/"))));
        assertEquals(Optional.empty(), session.findToken(withCookie(HttpRequest.POST("/review/x", ""))));
        assertEquals(Optional.empty(), session.findToken(HttpRequest.GET("/review")), "no cookie, no token");
    }

    @Test
    void aFormOfOursPostsWithTheCookie() {
        String form = FormToken.of(TOKEN);
        assertEquals(Optional.of(TOKEN), session.findToken(withCookie(post(form))), "no Origin: not a browser's form");
        assertEquals(Optional.of(TOKEN), session.findToken(withCookie(post(form))
                .header("Host", "sightline.example:8080").header("Origin", "https://sightline.example:8080")));
        assertEquals(Optional.of(TOKEN), session.findToken(withCookie(post(form)).header("Host", "10.0.0.7:8080")
                .header("X-Forwarded-Host", "sightline.example").header("Origin", "https://sightline.example")),
                "behind a proxy");
    }

    @Test
    void aFormWithoutTheRightTokenOrFromAnotherSiteChangesNothing() {
        String form = FormToken.of(TOKEN);
        assertEquals(Optional.empty(), session.findToken(withCookie(post(FormToken.of("another token")))));
        assertEquals(Optional.empty(), session.findToken(withCookie(post(form.substring(1) + "A"))));
        assertEquals(Optional.empty(), session.findToken(withCookie(post(form)).header("Host", "sightline.example")
                .header("Origin", "https://evil.example")));
        assertEquals(Optional.empty(), session.findToken(withCookie(post(form)).header("Host", "sightline.example")
                .header("Origin", "null")));
        assertEquals(Optional.empty(), session.findToken(post(form)), "the form token alone is no credential");
        MutableHttpRequest<?> delete = withCookie(HttpRequest.DELETE("/api/images/x?form=" + form));
        delete.getParameters().add(FormToken.PARAMETER, List.of(form));
        assertEquals(Optional.empty(), session.findToken(delete), "only POST, the method of forms");
    }

    @Test
    void theFormTokenIsStableForATokenAndRevealsNothingOfIt() {
        String form = FormToken.of(TOKEN);
        assertEquals(form, FormToken.of(TOKEN), "every replica derives the same");
        assertNotEquals(form, FormToken.of(TOKEN + "x"));
        assertEquals(43, form.length());
        assertFalse(form.contains(BrowserSession.encode(TOKEN)));
        assertTrue(FormToken.matches(form, TOKEN));
        assertFalse(FormToken.matches(null, TOKEN));
        assertFalse(FormToken.matches("", TOKEN));
    }

    /** A form post as the server sees it (the simple request does not parse its query, so it is added too). */
    private static MutableHttpRequest<?> post(String formToken) {
        MutableHttpRequest<?> request = HttpRequest.POST("/review/sha256%3Aabc?" + FormToken.PARAMETER + "=" + formToken,
                "label=x");
        request.getParameters().add(FormToken.PARAMETER, List.of(formToken));
        return request;
    }

    private static <T> MutableHttpRequest<T> withCookie(MutableHttpRequest<T> request) {
        return request.cookie(BrowserSession.cookie(TOKEN, false));
    }
}
