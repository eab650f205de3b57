package io.sightline.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.contract.ImageIds;
import io.sightline.image.Preprocessing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
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
            String actual = CacheFiles.sha256(file);
            if (actual.equals(source.sha256())) {
                return pretrainedCut(RESNET50_ID, file, actual);
            }
            LOG.warn("{} in the cache has SHA-256 {}, expected {}; downloading it again", file, actual, source.sha256());
            CacheFiles.deleteQuietly(file);
        }
        try {
            new BackboneDownload(source, connectTimeout, readTimeout, progress).into(file);
        } catch (BackboneDownload.DownloadUnavailableException e) {
            warnings.accept(RESNET50 + ": cannot download " + source.uri() + " (" + e.getMessage()
                    + "); using the generated backbone — features are NOT pretrained");
            return generated();
        }
        return pretrainedCut(RESNET50_ID, file, source.sha256());
    }

    // ---------------------------------------------------------------- generated, tiny, file

    private Backbone generated() {
        Path file = cacheDir.resolve("generated-resnet50-seed" + generatedSeed + ".onnx");
        String sha;
        if (Files.isRegularFile(file)) {
            sha = CacheFiles.sha256(file);
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
        String sha = CacheFiles.sha256(classifier);
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
            CacheFiles.moveAtomically(temp, target);
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            if (temp != null) {
                CacheFiles.deleteQuietly(temp);
            }
        }
    }
}
