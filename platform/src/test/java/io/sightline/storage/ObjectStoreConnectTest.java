package io.sightline.storage;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectStoreConnectTest {

    @Test
    void plainHttpEndpointsShareOneClientAndHttpsKeepsTheDefault() {
        var first = ObjectStore.httpClientFor("http://127.0.0.1:9000").orElseThrow();
        assertSame(first, ObjectStore.httpClientFor("HTTP://s3.internal:80").orElseThrow(), "one client per process");
        assertTrue(ObjectStore.httpClientFor("https://s3.amazonaws.com").isEmpty(),
                "HTTPS keeps the MinIO client's own (and the CAs of SSL_CERT_FILE)");
        assertTrue(first.protocols().size() == 1 && first.readTimeoutMillis() == 300_000, "the MinIO client's settings");
    }
}
