package io.sightline.cli.security;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sightline.http.MultipartBody;
import io.sightline.testing.TestImages;
import io.sightline.cli.ServiceSettings;
import io.sightline.testing.TestInfra;
import java.awt.Color;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browser's way in, over plain HTTP: a page without a token leads to the login form; a right token
 * comes back as an HttpOnly, SameSite=Strict session cookie that opens pages but changes nothing.
 */
class LoginTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient(); // follows no redirects
    private static ApplicationContext context;
    private static String base;

    @BeforeAll
    static void start() {
        Map<String, Object> props = ServiceSettings.onTestInfra();
        context = ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext();
        base = context.getBean(EmbeddedServer.class).getURL().toString();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void aPageWithoutATokenLeadsToTheLoginFormWhichComesBack() throws Exception {
        HttpResponse<String> page = get("/?label=a%20b", Map.of("Accept", "text/html"));
        assertEquals(303, page.statusCode());
        assertEquals("/login?next=" + URLEncoder.encode("/?label=a%20b", StandardCharsets.UTF_8),
                page.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> form = get("/login?next=" + URLEncoder.encode("/?label=a%20b", StandardCharsets.UTF_8),
                Map.of());
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("<form method=\"post\" action=\"/login\">"), form.body());
        assertTrue(form.body().contains("value=\"/?label=a%20b\""), form.body());
        assertFalse(form.body().contains("<script"), "no script on the login page");
    }

    @Test
    void aRightTokenBecomesASessionCookieThatOpensPagesButChangesNothing() throws Exception {
        HttpResponse<String> login = postLogin(TestInfra.CONTRIBUTE_TOKEN, "/?label=x");
        assertEquals(303, login.statusCode(), login.body());
        assertEquals("/?label=x", login.headers().firstValue("Location").orElseThrow());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("sightline_token=" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(TestInfra.CONTRIBUTE_TOKEN.getBytes(StandardCharsets.UTF_8)) + ";"), cookie);
        assertTrue(cookie.toLowerCase().contains("httponly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertFalse(cookie.toLowerCase().contains("max-age") || cookie.toLowerCase().contains("expires"),
                "a session cookie: " + cookie);
        String session = cookie.substring(0, cookie.indexOf(';'));

        HttpResponse<String> explorer = get("/", Map.of("Cookie", session, "Accept", "text/html"));
        assertEquals(200, explorer.statusCode());
        assertTrue(explorer.body().contains("<title>Sightline dataset</title>"));

        MultipartBody upload = new MultipartBody().field("label", "cat")
                .file("file", "cat.png", "image/png", TestImages.png(Color.ORANGE, 20, 20, 1));
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/images"))
                .header("Cookie", session).header("Content-Type", upload.contentType()).POST(upload.publisher()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, post.statusCode(), "the cookie is not read for a POST: " + post.body());
    }

    @Test
    void aWrongTokenShowsTheFormAgainAndNextNeverLeavesTheServer() throws Exception {
        HttpResponse<String> wrong = postLogin("not-a-token", "/");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("That token was not accepted"), wrong.body());
        assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());

        for (String next : new String[] {"//evil.example/x", "https://evil.example/", "/\\evil.example", "evil"}) {
            HttpResponse<String> login = postLogin(TestInfra.CONTRIBUTE_TOKEN, next);
            assertEquals("/", login.headers().firstValue("Location").orElseThrow(), next);
        }
    }

    @Test
    void anUnsignedJwtIsRefusedWhenNoIdentityProviderIsConfigured() throws Exception {
        // Without a signature configured, micronaut-security would take an unsigned JWT as verified;
        // JWT validation is off unless an identity provider is set (SafeDefaults enforces the pair).
        String unsigned = new com.nimbusds.jwt.PlainJWT(new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("mallory")
                .claim("roles", java.util.List.of("admin")).build()).serialize();
        HttpResponse<String> answer = get("/api/models", Map.of("Authorization", TestInfra.bearer(unsigned)));
        assertEquals(401, answer.statusCode(), answer.body());
        assertEquals(401, postLogin(unsigned, "/").statusCode(), "nor does the login page take it");
    }

    private static HttpResponse<String> postLogin(String token, String next) throws Exception {
        String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&next="
                + URLEncoder.encode(next, StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", base.replaceFirst("/$", "")) // as a browser sends it
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
