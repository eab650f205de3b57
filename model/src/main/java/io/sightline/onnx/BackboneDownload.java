package io.sightline.onnx;

import io.sightline.concurrent.Threads;
import io.sightline.contract.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One download of a pretrained model into the cache: HTTP with redirects, the SHA-256 computed while
 * streaming, a watchdog that ends a stalled transfer, progress every MiB. Network and server failures
 * are a {@link DownloadUnavailableException} (the caller falls back); a size or hash mismatch is an
 * error that leaves no file behind.
 */
final class BackboneDownload {
    private static final long PROGRESS_STEP = 1 << 20;

    private final DownloadSource source;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final DownloadListener progress;

    BackboneDownload(DownloadSource source, Duration connectTimeout, Duration readTimeout, DownloadListener progress) {
        this.source = source;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.progress = progress;
    }

    /** Thrown when the download is impossible for reasons of the network or the server. */
    static final class DownloadUnavailableException extends Exception {
        DownloadUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Downloads into {@code target} (atomically: a temporary file renamed when size and hash match). */
    void into(Path target) throws DownloadUnavailableException {
        Path cacheDir = target.getParent();
        Path temp;
        try {
            temp = Files.createTempFile(cacheDir, source.fileName() + ".", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into the backbone cache " + cacheDir, e);
        }
        boolean done = false;
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
                Threads.singleDaemonFactory("backbone-download-watchdog"));
        try {
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            HttpRequest request = HttpRequest.newBuilder(source.uri()).timeout(readTimeout).GET().build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DownloadUnavailableException("HTTP " + response.statusCode(), null);
                }
                long total = response.headers().firstValueAsLong("Content-Length").orElse(source.sizeBytes());
                MessageDigest digest = Sha256.digest();
                AtomicLong lastActivity = new AtomicLong(System.nanoTime());
                AtomicBoolean stalled = new AtomicBoolean();
                long checkMillis = Math.max(50, Math.min(1000, readTimeout.toMillis() / 4));
                watchdog.scheduleWithFixedDelay(() -> {
                    if (System.nanoTime() - lastActivity.get() > readTimeout.toNanos() && stalled.compareAndSet(false, true)) {
                        try {
                            body.close();
                        } catch (IOException ignored) {
                            // closing only to unblock the reader
                        }
                    }
                }, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
                long received = 0;
                long reported = 0;
                progress.progress(0, total);
                try (OutputStream out = Files.newOutputStream(temp)) {
                    byte[] buffer = new byte[1 << 16];
                    int n;
                    while ((n = body.read(buffer)) >= 0) {
                        lastActivity.set(System.nanoTime());
                        digest.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                        received += n;
                        if (received - reported >= PROGRESS_STEP) {
                            progress.progress(received, total);
                            reported = received;
                        }
                    }
                } catch (IOException e) {
                    if (stalled.get()) {
                        throw new DownloadUnavailableException("no data for " + readTimeout.toSeconds() + " s", e);
                    }
                    throw e;
                }
                progress.progress(received, total);
                String actual = HexFormat.of().formatHex(digest.digest());
                if (source.sizeBytes() >= 0 && received != source.sizeBytes()) {
                    throw new IllegalStateException(source.fileName() + ": downloaded " + received + " bytes from " + source.uri()
                            + ", expected " + source.sizeBytes() + " (SHA-256 " + actual + "); file discarded");
                }
                if (!actual.equals(source.sha256())) {
                    throw new IllegalStateException(source.fileName() + ": SHA-256 mismatch for " + source.uri() + ": got " + actual
                            + ", expected " + source.sha256() + "; file discarded");
                }
            }
            CacheFiles.moveAtomically(temp, target);
            done = true;
        } catch (HttpConnectTimeoutException e) {
            throw new DownloadUnavailableException("no network: connect to " + hostAndPort() + " timed out after "
                    + connectTimeout.toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw new DownloadUnavailableException("no network: no response from " + hostAndPort() + " within "
                    + readTimeout.toSeconds() + " s", e);
        } catch (UnknownHostException e) {
            throw new DownloadUnavailableException("no network: unknown host " + source.uri().getHost(), e);
        } catch (ConnectException e) {
            if (rootCause(e) instanceof UnresolvedAddressException || rootCause(e) instanceof UnknownHostException) {
                throw new DownloadUnavailableException("no network: unknown host " + source.uri().getHost(), e);
            }
            String message = e.getMessage() == null || e.getMessage().isBlank() ? "" : ": " + e.getMessage();
            throw new DownloadUnavailableException("no network: cannot connect to " + hostAndPort() + message, e);
        } catch (IOException e) {
            if (rootCause(e) instanceof UnresolvedAddressException || rootCause(e) instanceof UnknownHostException) {
                throw new DownloadUnavailableException("no network: unknown host " + source.uri().getHost(), e);
            }
            throw new DownloadUnavailableException("download failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading " + source.uri(), e);
        } finally {
            watchdog.shutdownNow();
            if (!done) {
                CacheFiles.deleteQuietly(temp);
            }
        }
    }

    private String hostAndPort() {
        URI uri = source.uri();
        return uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }

    private static String describe(Throwable e) {
        Throwable root = rootCause(e);
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " " + message);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
