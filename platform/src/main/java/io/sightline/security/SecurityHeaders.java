package io.sightline.security;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Headers that keep every answer from being turned against its reader, pages (the explorer, the
 * reports, also when served from their stored bytes) and JSON alike: no script runs at all (the pages
 * have none; values are escaped by the templates), styles only inline, pictures only from this server
 * or inline, forms only to this server, no framing by any page, no content-type sniffing.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class SecurityHeaders implements Ordered {
    /** Inline styles stay allowed: the report is one self-contained file, and CSS cannot run code. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self' data:; "
            + "style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    @ResponseFilter
    public void addHeaders(MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("X-Frame-Options", "DENY");
        // Not no-referrer: under it browsers send "Origin: null" with the login form, which Micronaut's guard
        // against drive-by-localhost requests refuses (403). same-origin tells no other site any URL of ours.
        response.header("Referrer-Policy", "same-origin");
        response.header("Cross-Origin-Resource-Policy", "same-origin");
    }

    @Override
    public int getOrder() {
        // Outside the security filter, so the 401 and 403 answers carry the headers too.
        return ServerFilterPhase.FIRST.order();
    }
}
