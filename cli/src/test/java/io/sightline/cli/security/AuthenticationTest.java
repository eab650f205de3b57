package io.sightline.cli.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sightline.contract.Json;
import io.sightline.security.SecurityHeaders;
import io.sightline.cli.ServiceSettings;
import io.sightline.testing.TestInfra;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who gets in, over HTTP, against the three services in one context: configured tokens by their hash,
 * JWTs of an identity provider (a JWKS served here, roles in the {@code groups} claim), the 401 and 403
 * answers, the protective headers, and no token in the logs even with every logger at DEBUG.
 */
class AuthenticationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static HttpServer jwks;
    private static RSAKey signingKey;
    private static ApplicationContext context;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("sightline-test").generate();
        byte[] keys = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/keys", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        jwks.start();

        Map<String, Object> props = ServiceSettings.onTestInfra();
        props.put("micronaut.security.token.jwt.enabled", true);
        props.put("micronaut.security.token.jwt.signatures.jwks.idp.url",
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/keys");
        props.put("micronaut.security.token.roles-name", "groups");
        context = ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext();
        base = context.getBean(EmbeddedServer.class).getURL().toString();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (jwks != null) {
            jwks.stop(0);
        }
    }

    @Test
    void noTokenIsUnauthorizedAndTheAnswerSaysWhatToSend() throws Exception {
        HttpResponse<String> answer = get("/api/models", null, Map.of("Accept", "*/*")); // as curl asks
        assertEquals(401, answer.statusCode());
        JsonNode error = Json.mapper().readTree(answer.body()).path("error");
        assertEquals("unauthorized", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("needs a token"), answer.body());
        assertEquals("Bearer realm=\"sightline\"", answer.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void anUnknownTokenIsUnauthorizedAndNeverEchoed() throws Exception {
        HttpResponse<String> answer = get("/api/model", "not-a-configured-token");
        assertEquals(401, answer.statusCode());
        assertEquals("unauthorized", Json.mapper().readTree(answer.body()).at("/error/code").asText());
        assertTrue(answer.body().contains("not accepted"), answer.body());
        assertFalse(answer.body().contains("not-a-configured-token"));
        assertTrue(answer.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"invalid_token\""));
    }

    @Test
    void aTokenWithoutTheRoleIsForbiddenAndTheAnswerNamesTheRoleNeeded() throws Exception {
        HttpResponse<String> answer = get("/api/images", TestInfra.CLASSIFY_TOKEN);
        assertEquals(403, answer.statusCode());
        JsonNode error = Json.mapper().readTree(answer.body()).path("error");
        assertEquals("forbidden", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("'test-classify'")
                && error.path("message").asText().contains("needs 'contribute'"), answer.body());
        assertTrue(answer.headers().firstValue("WWW-Authenticate").orElseThrow().contains("insufficient_scope"));
        assertEquals(503, get("/api/model", TestInfra.CLASSIFY_TOKEN).statusCode(),
                "classify may see the serving model (none yet: 503 no_model)");
        assertEquals(200, get("/api/images", TestInfra.ADMIN_TOKEN).statusCode(), "admin includes contribute");
        assertEquals(403, get("/api/models", TestInfra.CONTRIBUTE_TOKEN).statusCode());
    }

    @Test
    void jwtsOfTheIdentityProviderGetTheRolesOfTheirClaim() throws Exception {
        String contributor = signed(signingKey, List.of("contribute"), Instant.now().plusSeconds(300));
        assertEquals(200, get("/api/images", contributor).statusCode());
        assertEquals(200, get("/api/labels", contributor).statusCode());
        HttpResponse<String> forbidden = get("/api/models", contributor);
        assertEquals(403, forbidden.statusCode(), forbidden.body());
        assertTrue(forbidden.body().contains("'alice'"), "the JWT's subject names it: " + forbidden.body());
        String admin = signed(signingKey, List.of("admin", "someone-elses-role"), Instant.now().plusSeconds(300));
        assertEquals(200, get("/api/models", admin).statusCode());
        assertEquals(403, get("/api/images", signed(signingKey, List.of("classify"), Instant.now().plusSeconds(300)))
                .statusCode());
    }

    @Test
    void jwtsThatAreExpiredSignedByAnotherKeyOrUnsignedAreUnauthorized() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).generate();
        JWTClaimsSet adminClaims = claims(List.of("admin"), Instant.now().plusSeconds(300));
        for (String token : List.of(
                signed(signingKey, List.of("admin"), Instant.now().minusSeconds(600)),
                signed(impostor, List.of("admin"), Instant.now().plusSeconds(300)),
                new PlainJWT(adminClaims).serialize())) {
            HttpResponse<String> answer = get("/api/models", token);
            assertEquals(401, answer.statusCode(), token);
            assertEquals("unauthorized", Json.mapper().readTree(answer.body()).at("/error/code").asText());
        }
    }

    @Test
    void everyAnswerCarriesTheProtectiveHeaders() throws Exception {
        for (HttpResponse<String> answer : List.of(get("/api/models", null), get("/", TestInfra.CONTRIBUTE_TOKEN),
                get("/login", null), get("/api/labels", TestInfra.ADMIN_TOKEN))) {
            String what = answer.uri() + " " + answer.statusCode();
            assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY,
                    answer.headers().firstValue("Content-Security-Policy").orElse(null), what);
            assertTrue(SecurityHeaders.CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'")
                    && SecurityHeaders.CONTENT_SECURITY_POLICY.startsWith("default-src 'none'"));
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(null), what);
            assertEquals("DENY", answer.headers().firstValue("X-Frame-Options").orElse(null), what);
        }
    }

    @Test
    void noTokenReachesTheLogsEvenWithEveryLoggerAtDebug() throws Exception {
        LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        String jwt = signed(signingKey, List.of("contribute"), Instant.now().plusSeconds(300));
        String cookie = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(TestInfra.CONTRIBUTE_TOKEN.getBytes(StandardCharsets.UTF_8));
        try {
            configure(logs, getClass().getClassLoader().getResource("logback.xml")); // the services' own
            Logger root = logs.getLogger(Logger.ROOT_LOGGER_NAME);
            root.detachAndStopAllAppenders();
            root.setLevel(Level.DEBUG);
            logs.getLogger("io.sightline").setLevel(Level.DEBUG);
            captured.start();
            root.addAppender(captured);

            get("/api/images", TestInfra.ADMIN_TOKEN);
            get("/api/images", jwt);
            get("/api/models", "wrong-token-for-the-logs");
            assertEquals(200, get("/", null, Map.of("Cookie", "sightline_token=" + cookie)).statusCode());
            HTTP.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + TestInfra.CLASSIFY_TOKEN + "&next=/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            logs.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(captured);
            configure(logs, getClass().getClassLoader().getResource("logback-test.xml"));
        }
        assertTrue(captured.list.size() > 10, "debug logging was on: " + captured.list.size() + " lines");
        for (ILoggingEvent event : captured.list) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String secret : List.of(TestInfra.ADMIN_TOKEN, TestInfra.CONTRIBUTE_TOKEN, TestInfra.CLASSIFY_TOKEN,
                    "wrong-token-for-the-logs", jwt, jwt.substring(jwt.lastIndexOf('.') + 1), cookie)) {
                assertFalse(line.contains(secret), event.getLoggerName() + " logged a token: " + line);
            }
        }
    }

    private static void configure(LoggerContext logs, URL file) throws Exception {
        logs.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logs);
        configurator.doConfigure(file);
    }

    private static String signed(RSAKey key, List<String> roles, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims(roles, expires));
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static JWTClaimsSet claims(List<String> roles, Instant expires) {
        return new JWTClaimsSet.Builder().subject("alice").issuer("https://idp.example")
                .issueTime(Date.from(Instant.now().minusSeconds(5))).expirationTime(Date.from(expires))
                .claim("groups", roles).build();
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return get(path, token, Map.of());
    }

    private static HttpResponse<String> get(String path, String token, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            request.header("Authorization", TestInfra.bearer(token));
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
