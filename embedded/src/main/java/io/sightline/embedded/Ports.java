package io.sightline.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port helpers: a free port, or a clear error when a chosen one is taken. */
public final class Ports {
    private Ports() {
    }

    /** A port that was free a moment ago. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new InfrastructureException("cannot find a free local port: " + e.getMessage(), e);
        }
    }

    /** Returns {@code port}, or a free port when it is 0; fails with a clear line when it is in use. */
    public static int claim(int port, String what, String option) {
        if (port == 0) {
            return free();
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return port;
        } catch (IOException e) {
            throw new InfrastructureException(what + " port " + port + " is already in use; choose another with "
                    + option + " (or 0 for any free port)");
        }
    }
}
