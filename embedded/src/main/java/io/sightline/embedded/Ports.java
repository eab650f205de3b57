package io.sightline.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Port helpers: a free port, or a clear error when a chosen one is taken.
 *
 * <p>A free port is drawn at random below the system's ephemeral range (Linux:
 * {@code /proc/sys/net/ipv4/ip_local_port_range}, 32768-60999 by default; elsewhere 49152 and up), never one this
 * process has handed out before. The port is bound later by whoever asked (a broker, a service started as a
 * process), and a port the system picked for "any free port" lies in the ephemeral range, where every outgoing
 * connection of the machine, a Kafka client's for one, may take it in the meantime: CI saw a service fail to start
 * on "address already in use" that way.
 */
public final class Ports {
    /** The lowest port drawn. */
    static final int LOWEST = 10_000;
    private static final int DRAWS = 100;
    private static final Path LINUX_EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** The start of the ephemeral range where it cannot be read (IANA's). */
    private static final int IANA_EPHEMERAL_LOW = 49_152;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /** A port that was free a moment ago, outside the ephemeral range, not handed out before by this process. */
    public static int free() {
        int below = ephemeralLow();
        for (int draw = 0; draw < DRAWS && below - LOWEST > DRAWS; draw++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (HANDED_OUT.add(port) && bindable(port, false)) {
                return port;
            }
        }
        return anyFreePort();
    }

    /** Returns {@code port}, or a free port when it is 0; fails with a clear line when it is in use. */
    public static int claim(int port, String what, String option) {
        if (port == 0) {
            return free();
        }
        if (!bindable(port, true)) {
            throw new InfrastructureException(what + " port " + port + " is already in use; choose another with "
                    + option + " (or 0 for any free port)");
        }
        HANDED_OUT.add(port); // not drawn for something else before its owner binds it
        return port;
    }

    /** The first port of this system's ephemeral range. */
    static int ephemeralLow() {
        // Read as a stream: a /proc file reports a size of 0, and Files.readString then stops after one byte.
        try (var reader = Files.newBufferedReader(LINUX_EPHEMERAL_RANGE)) {
            return parseRangeLow(reader.readLine());
        } catch (IOException | RuntimeException e) {
            return IANA_EPHEMERAL_LOW;
        }
    }

    /** The first number of {@code ip_local_port_range}'s "low high". */
    static int parseRangeLow(String range) {
        return Integer.parseInt(range.trim().split("\\s+")[0]);
    }

    /**
     * Whether {@code port} can be bound on every interface now. A port the caller names may be reused past its
     * closed connections; a drawn one is probed without that, so that no listener on one address passes for free.
     */
    private static boolean bindable(int port, boolean reuseAddress) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(reuseAddress);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port the system picks, where no range below the ephemeral one is left to draw from; still never twice. */
    private static int anyFreePort() {
        for (int attempt = 0; attempt < DRAWS; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new InfrastructureException("cannot find a free local port: " + e.getMessage(), e);
            }
        }
        throw new InfrastructureException("cannot find a local port not handed out before");
    }
}
