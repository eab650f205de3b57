package io.sightline.onnx;

import io.sightline.contract.ImageIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.sightline.image.Preprocessing;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackboneResolverTest {
    private static final byte[] CLASSIFIER = OnnxGraphs.toBytes(TestModels.smallClassifier(224, false));
    private static final String CLASSIFIER_SHA = ImageIds.sha256Hex(CLASSIFIER);

    @TempDir
    Path cache;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<long[]> progress = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/models/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, CLASSIFIER.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(CLASSIFIER);
            }
        });
        server.createContext("/missing/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/stalls/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, CLASSIFIER.length);
            OutputStream out = exchange.getResponseBody();
            out.write(CLASSIFIER, 0, CLASSIFIER.length / 2);
            out.flush();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private BackboneResolver resolver(URI uri, String sha) {
        return resolver(uri, sha, Duration.ofSeconds(30));
    }

    private BackboneResolver resolver(URI uri, String sha, Duration readTimeout) {
        DownloadSource source = new DownloadSource(uri, "classifier.onnx", CLASSIFIER.length, sha);
        return new BackboneResolver(cache, source, Duration.ofSeconds(10), readTimeout,
                (bytes, total) -> progress.add(new long[] {bytes, total}), warnings::add);
    }

    private URI served() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/models/classifier.onnx");
    }

    @Test
    void downloadsOnceChecksTheHashAndCutsTheModel() throws Exception {
        BackboneResolver resolver = resolver(served(), CLASSIFIER_SHA);
        Backbone backbone = resolver.resolve("resnet50");
        assertEquals(BackboneResolver.RESNET50_ID, backbone.id());
        assertEquals(CLASSIFIER_SHA, backbone.sha256(), "the hash of the original file is reported");
        assertTrue(backbone.pretrained());
        assertEquals(12, backbone.featureDimension());
        assertEquals(1, requests.get());
        assertTrue(Files.isRegularFile(cache.resolve("classifier.onnx")));
        long[] last = progress.get(progress.size() - 1);
        assertEquals(CLASSIFIER.length, last[0]);
        assertEquals(CLASSIFIER.length, last[1]);
        assertTrue(warnings.isEmpty(), warnings.toString());
        assertNoPartFiles();

        Backbone again = resolver.resolve("resnet50");
        assertEquals(1, requests.get(), "second resolve uses the cache");
        assertEquals(backbone, again);

        try (FeatureExtractor extractor = FeatureExtractor.open(backbone, SessionConfig.cpu())) {
            float[][] features = extractor.extract(TestModels.randomPictures(1, 224, 2), 1);
            assertEquals(12, features[0].length);
        }
    }

    @Test
    void hashMismatchIsAnErrorAndLeavesNoFile() throws Exception {
        BackboneResolver resolver = resolver(served(), "0".repeat(64));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> resolver.resolve("resnet50"));
        assertTrue(e.getMessage().contains("SHA-256 mismatch"), e.getMessage());
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(List.of(), files.toList());
        }
        assertTrue(warnings.isEmpty());
    }

    @Test
    void noNetworkFallsBackToTheGeneratedBackboneWithOneWarning() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        BackboneResolver resolver = resolver(URI.create("http://127.0.0.1:" + port + "/resnet50.onnx"), CLASSIFIER_SHA);
        Backbone backbone = resolver.resolve("resnet50");
        assertEquals(BackboneResolver.GENERATED_ID, backbone.id());
        assertFalse(backbone.pretrained());
        assertEquals(2048, backbone.featureDimension());
        assertEquals(1, warnings.size(), warnings.toString());
        String warning = warnings.get(0);
        System.out.println("offline warning: " + warning);
        assertTrue(warning.startsWith("resnet50: cannot download"), warning);
        assertTrue(warning.contains("no network"), warning);
        assertTrue(warning.contains("NOT pretrained"), warning);
        assertTrue(Files.isRegularFile(cache.resolve("generated-resnet50-seed" + GeneratedResNet50.DEFAULT_SEED + ".onnx")));
        assertFalse(Files.exists(cache.resolve("classifier.onnx")));
        assertNoPartFiles();
        assertEquals(backbone, resolver.resolve("generated"), "the generated backbone is cached and stable");

        Backbone unknownHost = resolver(URI.create("https://sightline-no-such-host.invalid/resnet50.onnx"), CLASSIFIER_SHA)
                .resolve("resnet50");
        assertEquals(backbone, unknownHost);
        assertTrue(warnings.get(1).contains("no network: unknown host sightline-no-such-host.invalid"), warnings.get(1));
    }

    @Test
    void httpErrorsAndStalledTransfersAlsoFallBack() throws Exception {
        URI base = served();
        Backbone missing = resolver(base.resolve("/missing/x.onnx"), CLASSIFIER_SHA).resolve("resnet50");
        assertEquals(BackboneResolver.GENERATED_ID, missing.id());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("HTTP 404"), warnings.get(0));

        Backbone stalled = resolver(base.resolve("/stalls/x.onnx"), CLASSIFIER_SHA, Duration.ofSeconds(3))
                .resolve("resnet50");
        assertEquals(BackboneResolver.GENERATED_ID, stalled.id(), "the read timeout ends a stalled transfer");
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(1).contains("no data for"), warnings.get(1));
        System.out.println("404 warning: " + warnings.get(0));
        System.out.println("stall warning: " + warnings.get(1));
        assertFalse(Files.exists(cache.resolve("classifier.onnx")));
        assertNoPartFiles();
    }

    @Test
    void tinyAndFileBackbones() throws Exception {
        BackboneResolver resolver = resolver(served(), CLASSIFIER_SHA);
        Backbone tiny = resolver.resolve("tiny");
        assertEquals("tiny-cnn", tiny.id());
        assertFalse(tiny.pretrained());
        assertEquals(TinyCnn.FEATURE_DIMENSION, tiny.featureDimension());

        Path file = Files.write(cache.resolve("my-classifier.onnx"), OnnxGraphs.toBytes(TestModels.smallClassifier(96, false)));
        String sha = CacheFiles.sha256(file);
        Backbone custom = resolver.resolve(file.toString());
        assertEquals("file-" + sha.substring(0, 12), custom.id());
        assertEquals(sha, custom.sha256());
        assertTrue(custom.pretrained());
        assertEquals(96, custom.preprocessing().crop(), "crop follows the fixed input size");
        assertEquals(new io.sightline.contract.BackboneInfo(custom.id(), sha, true), custom.info());
        assertEquals(0, requests.get());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolver.resolve("nope.onnx"));
        assertTrue(e.getMessage().contains("expected resnet50, generated, tiny"), e.getMessage());
        assertEquals(Preprocessing.imagenet(), tiny.preprocessing());
    }

    private void assertNoPartFiles() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            List<String> parts = new ArrayList<>();
            files.filter(f -> f.getFileName().toString().endsWith(".part")).forEach(f -> parts.add(f.toString()));
            assertEquals(List.of(), parts);
        }
    }
}
