package io.sightline.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Where a browser without a usable token is sent, and where it may go back to afterwards. */
public final class LoginPage {
    public static final String PATH = "/login";

    /** Why the login page is shown; each has its own fixed sentence (nothing from the request). */
    public enum Problem {
        NONE(""),
        REFUSED("That token was not accepted. Paste the whole token, e.g. the content of <data-dir>/admin-token."),
        FORBIDDEN("Your token does not have the role this page needs. Log in with a token that has it.");

        private final String sentence;

        Problem(String sentence) {
            this.sentence = sentence;
        }

        public String sentence() {
            return sentence;
        }

        static Problem of(String name) {
            for (Problem problem : values()) {
                if (problem.name().equalsIgnoreCase(name)) {
                    return problem;
                }
            }
            return NONE;
        }
    }

    private LoginPage() {
    }

    /** 303 to the login page, which comes back to this request's path afterwards. */
    static MutableHttpResponse<?> redirect(HttpRequest<?> request, Problem problem) {
        String next = request.getUri().getRawPath()
                + (request.getUri().getRawQuery() == null ? "" : "?" + request.getUri().getRawQuery());
        String location = PATH + "?next=" + URLEncoder.encode(safeNext(next), StandardCharsets.UTF_8)
                + (problem == Problem.NONE ? "" : "&problem=" + problem.name().toLowerCase(java.util.Locale.ROOT));
        return HttpResponse.seeOther(URI.create(location));
    }

    /**
     * Where to go after logging in: a path on this server, never another site (no scheme, no {@code //}
     * or {@code /\}, no control characters); anything else goes to {@code /}.
     */
    static String safeNext(String next) {
        if (next == null || next.isEmpty() || next.length() > 2048 || next.charAt(0) != '/'
                || next.startsWith("//") || next.startsWith("/\\") || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "/";
        }
        return next;
    }
}
