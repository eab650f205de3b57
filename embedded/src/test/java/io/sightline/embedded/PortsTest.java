package io.sightline.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {
    @Test
    void freePortsLieBelowTheEphemeralRangeAndAreNeverHandedOutTwice() throws Exception {
        int ephemeralLow = Ports.ephemeralLow();
        org.junit.jupiter.api.Assumptions.assumeTrue(ephemeralLow - Ports.LOWEST > 1000,
                "this system's ephemeral range starts at " + ephemeralLow + ": no room below it");
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = Ports.free();
            assertTrue(port >= Ports.LOWEST && port < ephemeralLow, port + " is outside [" + Ports.LOWEST + ", "
                    + ephemeralLow + ")");
            assertTrue(seen.add(port), port + " handed out twice");
        }
        int port = Ports.free();
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port)); // free a moment ago, on every interface
        }
    }

    @Test
    void theRangeIsReadAsTheSystemWritesIt() {
        assertEquals(32768, Ports.parseRangeLow("32768\t60999\n"));
        assertEquals(1024, Ports.parseRangeLow(" 1024 65535"));
    }

    @Test
    void aPortInUseIsRefusedClearly() throws Exception {
        try (ServerSocket taken = new ServerSocket(Ports.free())) {
            InfrastructureException e = assertThrows(InfrastructureException.class,
                    () -> Ports.claim(taken.getLocalPort(), "HTTP", "--port"));
            assertTrue(e.getMessage().contains("HTTP port " + taken.getLocalPort() + " is already in use; choose another with --port"),
                    e.getMessage());
        }
        assertTrue(Ports.claim(0, "HTTP", "--port") > 0);
    }
}
