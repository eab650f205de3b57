package io.sightline.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.contract.ImageIds;
import io.sightline.contract.Pretrained;
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
    private volatile byte[] servedInt8 = new byte[0];
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
        server.createContext("/int8/", exchange -> {
            requests.incrementAndGet();
            byte[] bytes = servedInt8;
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
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
        assertEquals(Pretrained.TRUE, backbone.pretrained());
        assertEquals(Precision.FP32, backbone.precision());
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
        assertEquals(Pretrained.FALSE, backbone.pretrained());
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
        assertEquals(Pretrained.FALSE, tiny.pretrained());
        assertEquals(TinyCnn.FEATURE_DIMENSION, tiny.featureDimension());

        Path file = Files.write(cache.resolve("my-classifier.onnx"), OnnxGraphs.toBytes(TestModels.smallClassifier(96, false)));
        String sha = CacheFiles.sha256(file);
        Backbone custom = resolver.resolve(file.toString());
        assertEquals("file-" + sha.substring(0, 12), custom.id());
        assertEquals(sha, custom.sha256());
        assertEquals(Pretrained.UNKNOWN, custom.pretrained(), "a file nobody vouched for is not called pretrained");
        assertEquals(96, custom.preprocessing().crop(), "crop follows the fixed input size");
        assertEquals(new io.sightline.contract.BackboneInfo(custom.id(), sha, Pretrained.UNKNOWN), custom.info());
        assertEquals(Pretrained.TRUE, resolver.resolve(file.toString(), Pretrained.TRUE).pretrained(), "the user says");
        assertEquals(Pretrained.FALSE, resolver.resolve(file.toString(), Pretrained.FALSE).pretrained());
        assertEquals(0, requests.get());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolver.resolve("nope.onnx"));
        assertTrue(e.getMessage().contains("expected resnet50, resnet50-int8, generated, tiny"), e.getMessage());
        assertEquals(Preprocessing.imagenet(), tiny.preprocessing());
    }

    @Test
    void aFileSaysWhetherItIsPretrainedInItsMetadataAndTheUserHasTheLastWord() throws Exception {
        BackboneResolver resolver = resolver(served(), CLASSIFIER_SHA);
        Path random = withMetadata("random.onnx", BackboneResolver.PRETRAINED_KEY, "false");
        assertEquals(Pretrained.FALSE, resolver.resolve(random.toString()).pretrained());
        assertEquals(Pretrained.TRUE, resolver.resolve(random.toString(), Pretrained.TRUE).pretrained(),
                "--pretrained true overrides the metadata");
        assertEquals(Pretrained.FALSE, resolver.resolve(random.toString(), Pretrained.UNKNOWN).pretrained(),
                "unknown from the user is saying nothing");
        Path trained = withMetadata("trained.onnx", BackboneResolver.PRETRAINED_KEY, "TRUE");
        assertEquals(Pretrained.TRUE, resolver.resolve(trained.toString()).pretrained());
        Path exported = withMetadata("exported.onnx", ModelMetadata.BACKBONE_PRETRAINED, "false");
        assertEquals(Pretrained.FALSE, resolver.resolve(exported.toString()).pretrained(),
                "a model Sightline exported says what its backbone was");
        assertEquals(Precision.FP32, resolver.resolve(random.toString()).precision());
        Path int8 = Files.write(cache.resolve("int8.onnx"), OnnxGraphs.toBytes(TestModels.qdqClassifier(64)));
        assertEquals(Precision.INT8, resolver.resolve(int8.toString()).precision(), "an int8 file is seen to be int8");
        assertEquals(Pretrained.UNKNOWN, resolver.resolve(int8.toString()).pretrained());
        Path wrong = withMetadata("wrong.onnx", BackboneResolver.PRETRAINED_KEY, "yes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolver.resolve(wrong.toString()));
        assertTrue(e.getMessage().contains("sightline.pretrained must be true, false or unknown"), e.getMessage());
    }

    @Test
    void aDeclarationThatContradictsANamedBackboneIsRefused() {
        BackboneResolver resolver = resolver(served(), CLASSIFIER_SHA);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolver.resolve("generated", Pretrained.TRUE));
        assertTrue(e.getMessage().contains("--pretrained is for FILE.onnx backbones"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> resolver.resolve("resnet50-int8", Pretrained.FALSE));
        assertEquals(Pretrained.FALSE, resolver.resolve("tiny", Pretrained.FALSE).pretrained(), "agreeing is fine");
        assertEquals(0, requests.get());
    }

    /** The zoo's int8 ResNet-50 path, served locally: an int8 classifier (QDQ from Sightline's quantizer, or QOperator). */
    @Test
    void resnet50Int8IsDownloadedCheckedAndCutInBothInt8Forms() throws Exception {
        for (ModelProto int8 : List.of(TestModels.qdqClassifier(224),
                TestModels.qOperatorClassifier(224, TestModels.FinalInt8.QUANTIZED_FLATTEN))) {
            byte[] bytes = OnnxGraphs.toBytes(int8);
            String sha = ImageIds.sha256Hex(bytes);
            servedInt8 = bytes;
            Path dir = Files.createDirectories(cache.resolve(sha.substring(0, 8)));
            int before = requests.get();
            BackboneResolver resolver = int8Resolver(dir, served().resolve("/int8/model.onnx"), sha, -1);
            Backbone backbone = resolver.resolve(BackboneResolver.RESNET50_INT8);
            assertEquals(BackboneResolver.RESNET50_INT8_ID, backbone.id());
            assertEquals(sha, backbone.sha256());
            assertEquals(Pretrained.TRUE, backbone.pretrained());
            assertEquals(Precision.INT8, backbone.precision());
            assertEquals(12, backbone.featureDimension());
            assertEquals(before + 1, requests.get());
            assertTrue(warnings.isEmpty(), warnings.toString());
            try (FeatureExtractor extractor = FeatureExtractor.open(backbone, SessionConfig.cpu())) {
                float[][] features = extractor.extract(TestModels.randomPictures(2, 224, 2), 2);
                assertEquals(12, features[0].length);
                assertFalse(java.util.Arrays.equals(features[0], features[1]));
            }
            assertEquals(backbone, resolver.resolve(BackboneResolver.RESNET50_INT8), "cached");
            assertEquals(before + 1, requests.get());
        }
        assertNoPartFiles();
    }

    @Test
    void resnet50Int8OfflineFallsBackToTheGeneratedBackboneInOneLine() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Backbone backbone = int8Resolver(cache, URI.create("http://127.0.0.1:" + port + "/int8.onnx"), CLASSIFIER_SHA, -1)
                .resolve(BackboneResolver.RESNET50_INT8);
        assertEquals(BackboneResolver.GENERATED_ID, backbone.id());
        assertEquals(Pretrained.FALSE, backbone.pretrained());
        assertEquals(Precision.FP32, backbone.precision());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("resnet50-int8: cannot download"), warnings.get(0));
        assertTrue(warnings.get(0).contains("NOT pretrained"), warnings.get(0));
        assertFalse(warnings.get(0).contains("\n"));
    }

    @Test
    void theZooInt8SourceIsTheOneNextToTheFp32Model() {
        DownloadSource int8 = DownloadSource.RESNET50_V1_12_INT8;
        assertEquals("c234f30975989788b4405f25253275aae247ab6dbdd34aaa69ab0a59ff76f6d0", int8.sha256());
        assertEquals(DownloadSource.RESNET50_V1_12.uri().resolve("resnet50-v1-12-int8.onnx"), int8.uri());
    }

    private BackboneResolver int8Resolver(Path dir, URI uri, String sha, long size) {
        return new BackboneResolver(dir, new DownloadSource(served(), "classifier.onnx", CLASSIFIER.length, CLASSIFIER_SHA),
                new DownloadSource(uri, "int8.onnx", size, sha), Duration.ofSeconds(10), Duration.ofSeconds(30),
                (bytes, total) -> progress.add(new long[] {bytes, total}), warnings::add, GeneratedResNet50.DEFAULT_SEED);
    }

    private Path withMetadata(String name, String key, String value) throws IOException {
        ModelProto model = TestModels.smallClassifier(64, false).toBuilder()
                .addMetadataProps(ai.onnx.proto.OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value))
                .build();
        return Files.write(cache.resolve(name), OnnxGraphs.toBytes(model));
    }

    private void assertNoPartFiles() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            List<String> parts = new ArrayList<>();
            files.filter(f -> f.getFileName().toString().endsWith(".part")).forEach(f -> parts.add(f.toString()));
            assertEquals(List.of(), parts);
        }
    }
}
