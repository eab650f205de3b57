package io.sightline.onnx;

import io.sightline.concurrent.Threads;
import io.sightline.contract.ImageIds;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.image.Preprocessing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a backbone spec ({@code resnet50} | {@code generated} | {@code tiny} | path to a
 * FILE.onnx) to a ready {@link Backbone}, caching model files in a directory.
 *
 * <p>{@code resnet50} is downloaded once (HTTP, redirects followed, SHA-256 computed while
 * streaming into a temporary file that is renamed atomically when the hash matches). When it
 * cannot be downloaded (no network, timeout, unknown host, HTTP error) the resolver reports one
 * line through the warning consumer and returns the {@code generated} backbone; a hash or size
 * mismatch is an error and leaves no file behind.
 */
public final class BackboneResolver {
    public static final String RESNET50 = "resnet50";
    public static final String GENERATED = "generated";
    public static final String TINY = "tiny";
    public static final String RESNET50_ID = "resnet50-v1-12";
    public static final String GENERATED_ID = "generated-resnet50";
    public static final String TINY_ID = "tiny-cnn";

    private static final Logger LOG = LoggerFactory.getLogger(BackboneResolver.class);
    private static final String CUT_SUFFIX = ".features-v1.onnx";
    private static final long PROGRESS_STEP = 1 << 20;

    private final Path cacheDir;
    private final DownloadSource source;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final DownloadListener progress;
    private final Consumer<String> warnings;
    private final long generatedSeed;

    /** The zoo ResNet-50, 10 s connect timeout, 60 s read timeout, warnings to the log. */
    public BackboneResolver(Path cacheDir) {
        this(cacheDir, DownloadSource.RESNET50_V1_12, Duration.ofSeconds(10), Duration.ofSeconds(60),
                DownloadListener.none(), LOG::warn);
    }

    public BackboneResolver(Path cacheDir, DownloadSource source, Duration connectTimeout, Duration readTimeout,
            DownloadListener progress, Consumer<String> warnings) {
        this(cacheDir, source, connectTimeout, readTimeout, progress, warnings, GeneratedResNet50.DEFAULT_SEED);
    }

    BackboneResolver(Path cacheDir, DownloadSource source, Duration connectTimeout, Duration readTimeout,
            DownloadListener progress, Consumer<String> warnings, long generatedSeed) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.source = Objects.requireNonNull(source, "source");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        this.progress = progress == null ? DownloadListener.none() : progress;
        this.warnings = warnings == null ? LOG::warn : warnings;
        this.generatedSeed = generatedSeed;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /**
     * @param spec {@code resnet50}, {@code generated}, {@code tiny} or the path of an ONNX image
     *             classifier
     */
    public Backbone resolve(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("backbone spec is empty: use resnet50, generated, tiny or FILE.onnx");
        }
        createCacheDir();
        return switch (spec.trim()) {
            case RESNET50 -> resnet50();
            case GENERATED -> generated();
            case TINY -> tiny();
            default -> file(Path.of(spec.trim()));
        };
    }

    // ---------------------------------------------------------------- resnet50

    private Backbone resnet50() {
        Path file = cacheDir.resolve(source.fileName());
        if (Files.isRegularFile(file)) {
            String actual = sha256(file);
            if (actual.equals(source.sha256())) {
                return pretrainedCut(RESNET50_ID, file, actual);
            }
            LOG.warn("{} in the cache has SHA-256 {}, expected {}; downloading it again", file, actual, source.sha256());
            deleteQuietly(file);
        }
        try {
            download(file);
        } catch (DownloadUnavailableException e) {
            warnings.accept(RESNET50 + ": cannot download " + source.uri() + " (" + e.getMessage()
                    + "); using the generated backbone — features are NOT pretrained");
            return generated();
        }
        return pretrainedCut(RESNET50_ID, file, source.sha256());
    }

    /** Thrown when the download is impossible for reasons of the network or the server. */
    static final class DownloadUnavailableException extends Exception {
        DownloadUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void download(Path target) throws DownloadUnavailableException {
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
                MessageDigest digest = sha256Digest();
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
                    throw new IllegalStateException(RESNET50 + ": downloaded " + received + " bytes from " + source.uri()
                            + ", expected " + source.sizeBytes() + " (SHA-256 " + actual + "); file discarded");
                }
                if (!actual.equals(source.sha256())) {
                    throw new IllegalStateException(RESNET50 + ": SHA-256 mismatch for " + source.uri() + ": got " + actual
                            + ", expected " + source.sha256() + "; file discarded");
                }
            }
            moveAtomically(temp, target);
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
                deleteQuietly(temp);
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

    // ---------------------------------------------------------------- generated, tiny, file

    private Backbone generated() {
        Path file = cacheDir.resolve("generated-resnet50-seed" + generatedSeed + ".onnx");
        String sha;
        if (Files.isRegularFile(file)) {
            sha = sha256(file);
        } else {
            byte[] bytes = OnnxGraphs.toBytes(GeneratedResNet50.build(generatedSeed));
            writeAtomically(file, bytes);
            sha = ImageIds.sha256Hex(bytes);
        }
        return new Backbone(GENERATED_ID, file, sha, false, GeneratedResNet50.FEATURE_DIMENSION, Preprocessing.imagenet());
    }

    private Backbone tiny() {
        byte[] bytes = OnnxGraphs.toBytes(TinyCnn.build(TinyCnn.DEFAULT_SEED, 224));
        Path file = cacheDir.resolve("tiny-cnn-seed" + TinyCnn.DEFAULT_SEED + ".onnx");
        if (!Files.isRegularFile(file)) {
            writeAtomically(file, bytes);
        }
        return new Backbone(TINY_ID, file, ImageIds.sha256Hex(bytes), false, TinyCnn.FEATURE_DIMENSION, Preprocessing.imagenet());
    }

    private Backbone file(Path classifier) {
        if (!Files.isRegularFile(classifier)) {
            throw new IllegalArgumentException("unknown backbone '" + classifier
                    + "': expected resnet50, generated, tiny or the path of an existing .onnx file");
        }
        String sha = sha256(classifier);
        return pretrainedCut("file-" + sha.substring(0, 12), classifier, sha);
    }

    private Backbone pretrainedCut(String id, Path classifier, String sha) {
        Path cutFile = cacheDir.resolve(id + "-" + sha.substring(0, 12) + CUT_SUFFIX);
        ModelProto cut;
        if (Files.isRegularFile(cutFile)) {
            cut = OnnxGraphs.parse(cutFile);
        } else {
            ModelProto original = OnnxGraphs.parse(classifier);
            cut = BackboneCutter.cut(original, preprocessingFor(original));
            writeAtomically(cutFile, OnnxGraphs.toBytes(cut));
        }
        long[] out = OnnxGraphs.dims(cut.getGraph().getOutput(0));
        return new Backbone(id, cutFile, sha, true, Math.toIntExact(out[out.length - 1]), preprocessingFor(cut));
    }

    /** ImageNet preprocessing, with the crop of the model input when it is fixed and square. */
    static Preprocessing preprocessingFor(ModelProto model) {
        Preprocessing imagenet = Preprocessing.imagenet();
        long[] dims = OnnxGraphs.dims(model.getGraph().getInput(0));
        if (dims.length == 4 && dims[2] > 0 && dims[2] == dims[3] && dims[2] != imagenet.crop()) {
            int crop = Math.toIntExact(dims[2]);
            return new Preprocessing(Math.round(crop * 256f / 224f), crop, imagenet.mean(), imagenet.std(), imagenet.layout());
        }
        return imagenet;
    }

    // ---------------------------------------------------------------- files and hashes

    private void createCacheDir() {
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the backbone cache " + cacheDir, e);
        }
    }

    private void writeAtomically(Path target, byte[] bytes) {
        Path temp = null;
        try {
            temp = Files.createTempFile(cacheDir, target.getFileName().toString() + ".", ".part");
            Files.write(temp, bytes);
            moveAtomically(temp, target);
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.getMessage());
        }
    }

    static String sha256(Path file) {
        MessageDigest digest = sha256Digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
