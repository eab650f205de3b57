package io.sightline.cli.security;

import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.sightline.cli.allinone.AllInOne;
import io.sightline.cli.allinone.AllInOneOptions;
import io.sightline.http.MultipartBody;
import io.sightline.security.Roles;
import io.sightline.testing.TestInfra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route the all-in-one exposes has a row in the endpoint table of docs/security.md (a new endpoint
 * without one fails here), and every row is enforced: no token is 401, the role below the row's is 403,
 * the row's role gets through; management routes are on the management port only, with no token.
 */
class EndpointRolesTest {
    private static final Path TABLE = Path.of("..", "docs", "security.md");
    private static final Pattern ROW = Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE)` \\| `([^`]+)` \\| (\\w+) \\|");
    private static final String MANAGEMENT = "management";
    private static final String ANYONE = "anyone";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> TOKENS = Map.of(Roles.ADMIN, TestInfra.ADMIN_TOKEN,
            Roles.CONTRIBUTE, TestInfra.CONTRIBUTE_TOKEN, Roles.CLASSIFY, TestInfra.CLASSIFY_TOKEN);
    private static final Map<String, String> PATH_VALUES = Map.of("{imageId}", "sha256:" + "0".repeat(64),
            "{version}", "1", "{selector}", "liveness", "{name}", "classify-request");

    private static AllInOne up;

    @BeforeAll
    static void start() {
        up = AllInOne.start(new AllInOneOptions(TestInfra.tempDir("roles"), 0, 0, 0, "tiny",
                Map.of("sightline.trainer.auto-train", false, "sightline.security.tokens", TestInfra.tokenEntries())));
    }

    @AfterAll
    static void stop() {
        if (up != null) {
            up.close();
        }
    }

    @Test
    void everyRouteHasARowInTheTableAndEveryRowIsARoute() throws IOException {
        TreeSet<String> routes = new TreeSet<>();
        up.services().getBean(Router.class).uriRoutes().forEach(route -> routes.add(describe(route)));
        // HEAD comes with every GET (same rule); a HEAD without its GET would stay and fail.
        routes.removeIf(route -> route.startsWith("HEAD ") && routes.contains("GET " + route.substring(5)));
        assertEquals(new TreeSet<>(table()), routes,
                "docs/security.md's endpoint table must list every route with its role (left: table, right: routes)");
    }

    @Test
    void everyRowIsEnforced() throws Exception {
        for (String row : table()) {
            String[] parts = row.split(" ");
            String method = parts[0];
            String path = path(parts[1]);
            String role = parts[2];
            if (role.equals(MANAGEMENT)) {
                int status = send(method, up.managementUrl() + path.substring(1), null).statusCode();
                assertTrue(status == 200 || status == 503, row + " on the management port, no token: " + status);
                assertEquals(404, send(method, up.webUrl() + path.substring(1), TestInfra.ADMIN_TOKEN).statusCode(),
                        row + " is not on the web port");
            } else if (role.equals(ANYONE)) {
                HttpResponse<String> answer = send(method, up.webUrl() + path.substring(1), null);
                assertFalse(refusedBySecurity(answer), row + " needs no token: " + answer.body());
            } else {
                assertRefused(row, send(method, up.webUrl() + path.substring(1), null), 401, "unauthorized");
                int index = Roles.ALL.indexOf(role);
                if (index > 0) {
                    String below = TOKENS.get(Roles.ALL.get(index - 1));
                    assertRefused(row, send(method, up.webUrl() + path.substring(1), below), 403, "forbidden");
                }
                HttpResponse<String> allowed = send(method, up.webUrl() + path.substring(1), TOKENS.get(role));
                assertFalse(refusedBySecurity(allowed), row + " with its role: " + allowed.statusCode() + " "
                        + allowed.body());
            }
        }
    }

    @Test
    void everyOtherManagementEndpointIsOffOnBothPorts() throws Exception {
        for (String path : List.of("beans", "routes", "threaddump", "env", "loggers", "info", "metrics", "caches",
                "refresh", "stop", "token_info")) {
            for (String base : List.of(up.webUrl(), up.managementUrl())) {
                assertEquals(404, send("GET", base + path, TestInfra.ADMIN_TOKEN).statusCode(), base + path);
                assertEquals(404, send("GET", base + path, null).statusCode(), base + path);
            }
            HttpResponse<String> post = send("POST", up.managementUrl() + path, null);
            assertTrue(post.statusCode() == 404 || post.statusCode() == 405, "POST " + path + ": " + post.statusCode());
        }
    }

    private static String path(String template) {
        String path = template;
        for (Map.Entry<String, String> value : PATH_VALUES.entrySet()) {
            path = path.replace(value.getKey(), value.getValue());
        }
        return path;
    }

    private static void assertRefused(String row, HttpResponse<String> answer, int status, String code) {
        assertEquals(status, answer.statusCode(), row + ": " + answer.body());
        assertTrue(answer.body().contains("\"code\":\"" + code + "\""), row + ": " + answer.body());
    }

    private static boolean refusedBySecurity(HttpResponse<String> answer) {
        return (answer.statusCode() == 401 || answer.statusCode() == 403)
                && (answer.body().contains("\"code\":\"unauthorized\"") || answer.body().contains("\"code\":\"forbidden\""));
    }

    /** A request the endpoint can take (a body of the kind it consumes), with {@code token} or none. */
    static HttpResponse<String> send(String method, String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", TestInfra.bearer(token));
        }
        if (method.equals("POST") && url.endsWith("/api/images")) {
            MultipartBody body = new MultipartBody().field("label", "cat");
            request.header("Content-Type", body.contentType()).POST(body.publisher());
        } else if (method.equals("POST") && url.endsWith("/login")) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=not-a-token&next=/"));
        } else if (method.equals("POST") && url.endsWith("/api/classify")) {
            request.header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofString("x"));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String describe(UriRouteInfo<?, ?> route) {
        String role;
        if (route.getPort() != null) {
            role = MANAGEMENT;
        } else {
            String[] secured = route.getTargetMethod().stringValues(Secured.class);
            role = secured.length == 0 ? "NO-RULE" : String.join("+", secured);
            role = role.equals(SecurityRule.IS_ANONYMOUS) ? ANYONE : role;
        }
        return route.getHttpMethodName() + " " + route.getUriMatchTemplate().toPathString() + " " + role;
    }

    private static List<String> table() throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                rows.add(row.group(1) + " " + row.group(2) + " " + row.group(3));
            }
        }
        assertFalse(rows.isEmpty(), "no endpoint table in " + TABLE.toAbsolutePath());
        return rows;
    }
}
