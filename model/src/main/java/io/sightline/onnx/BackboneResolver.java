package io.sightline.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.sightline.contract.ImageIds;
import io.sightline.contract.Pretrained;
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
 * Resolves a backbone spec ({@code resnet50} | {@code resnet50-int8} | {@code generated} | {@code tiny} |
 * path to a FILE.onnx) to a ready {@link Backbone}, caching model files in a directory.
 *
 * <p>{@code resnet50} and {@code resnet50-int8} (the zoo's int8 ResNet-50, cut like any classifier, in
 * QOperator or QDQ form) are downloaded once (HTTP, redirects followed, SHA-256 computed while
 * streaming into a temporary file that is renamed atomically when the hash matches). When one
 * cannot be downloaded (no network, timeout, unknown host, HTTP error) the resolver reports one
 * line through the warning consumer and returns the {@code generated} backbone; a hash or size
 * mismatch is an error and leaves no file behind.
 *
 * <p>Provenance: the zoo backbones are pretrained, the generated and tiny ones are not; a FILE.onnx is
 * what the user declares ({@code --pretrained}), else what its metadata says ({@value #PRETRAINED_KEY},
 * or {@code sightline.backbone.pretrained} of a model Sightline exported), else {@code unknown}.
 */
public final class BackboneResolver {
    public static final String RESNET50 = "resnet50";
    public static final String GENERATED = "generated";
    public static final String TINY = "tiny";
    public static final String RESNET50_INT8 = "resnet50-int8";
    public static final String RESNET50_ID = "resnet50-v1-12";
    public static final String RESNET50_INT8_ID = "resnet50-v1-12-int8";
    /** The metadata_props key by which an ONNX file says whether its weights are pretrained: true, false or unknown. */
    public static final String PRETRAINED_KEY = "sightline.pretrained";
    public static final String GENERATED_ID = "generated-resnet50";
    public static final String TINY_ID = "tiny-cnn";

    private static final Logger LOG = LoggerFactory.getLogger(BackboneResolver.class);
    private static final String CUT_SUFFIX = ".features-v1.onnx";
    private static final java.util.Set<String> INT8_OPS = java.util.Set.of("QuantizeLinear", "DynamicQuantizeLinear",
            "QLinearConv", "ConvInteger", "QLinearMatMul", "MatMulInteger");

    private final Path cacheDir;
    private final DownloadSource source;
    private final DownloadSource int8Source;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final DownloadListener progress;
    private final Consumer<String> warnings;
    private final long generatedSeed;

    /** The zoo ResNet-50s, 10 s connect timeout, 60 s read timeout, warnings to the log. */
    public BackboneResolver(Path cacheDir) {
        this(cacheDir, DownloadSource.RESNET50_V1_12, Duration.ofSeconds(10), Duration.ofSeconds(60),
                DownloadListener.none(), LOG::warn);
    }

    /** {@code source} for resnet50, the zoo's for resnet50-int8. */
    public BackboneResolver(Path cacheDir, DownloadSource source, Duration connectTimeout, Duration readTimeout,
            DownloadListener progress, Consumer<String> warnings) {
        this(cacheDir, source, DownloadSource.RESNET50_V1_12_INT8, connectTimeout, readTimeout, progress, warnings,
                GeneratedResNet50.DEFAULT_SEED);
    }

    BackboneResolver(Path cacheDir, DownloadSource source, DownloadSource int8Source, Duration connectTimeout,
            Duration readTimeout, DownloadListener progress, Consumer<String> warnings, long generatedSeed) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.source = Objects.requireNonNull(source, "source");
        this.int8Source = Objects.requireNonNull(int8Source, "int8Source");
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
     * @param spec {@code resnet50}, {@code resnet50-int8}, {@code generated}, {@code tiny} or the path of an ONNX
     *             image classifier
     */
    public Backbone resolve(String spec) {
        return resolve(spec, null);
    }

    /**
     * @param spec     as {@link #resolve(String)}
     * @param declared what the user says of a FILE.onnx's weights ({@code --pretrained}), or null when nothing; for
     *                 a named backbone it must agree with what is known of it
     */
    public Backbone resolve(String spec, Pretrained declared) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("backbone spec is empty: use resnet50, resnet50-int8, generated, tiny or FILE.onnx");
        }
        String name = spec.trim();
        Pretrained said = declared == Pretrained.UNKNOWN ? null : declared;
        checkDeclared(name, said);
        createCacheDir();
        return switch (name) {
            case RESNET50 -> zoo(RESNET50, RESNET50_ID, source, Precision.FP32);
            case RESNET50_INT8 -> zoo(RESNET50_INT8, RESNET50_INT8_ID, int8Source, Precision.INT8);
            case GENERATED -> generated();
            case TINY -> tiny();
            default -> file(Path.of(name), said);
        };
    }

    /** What is known of a named backbone's weights; null for a FILE.onnx. */
    private static Pretrained known(String name) {
        return switch (name) {
            case RESNET50, RESNET50_INT8 -> Pretrained.TRUE;
            case GENERATED, TINY -> Pretrained.FALSE;
            default -> null;
        };
    }

    private static void checkDeclared(String name, Pretrained declared) {
        Pretrained known = known(name);
        if (declared != null && known != null && declared != known) {
            throw new IllegalArgumentException("pretrained " + declared.wire() + " contradicts the backbone " + name
                    + ", whose weights are " + (known == Pretrained.TRUE ? "pretrained" : "random")
                    + "; --pretrained is for FILE.onnx backbones");
        }
    }

    // ---------------------------------------------------------------- the zoo's resnet50 and resnet50-int8

    private Backbone zoo(String name, String id, DownloadSource from, Precision precision) {
        Path file = cacheDir.resolve(from.fileName());
        if (Files.isRegularFile(file)) {
            String actual = CacheFiles.sha256(file);
            if (actual.equals(from.sha256())) {
                return cut(id, file, actual, Pretrained.TRUE, precision);
            }
            LOG.warn("{} in the cache has SHA-256 {}, expected {}; downloading it again", file, actual, from.sha256());
            CacheFiles.deleteQuietly(file);
        }
        try {
            new BackboneDownload(from, connectTimeout, readTimeout, progress).into(file);
        } catch (BackboneDownload.DownloadUnavailableException e) {
            warnings.accept(name + ": cannot download " + from.uri() + " (" + e.getMessage()
                    + "); using the generated backbone — features are NOT pretrained");
            return generated();
        }
        return cut(id, file, from.sha256(), Pretrained.TRUE, precision);
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

    private Backbone file(Path classifier, Pretrained declared) {
        if (!Files.isRegularFile(classifier)) {
            throw new IllegalArgumentException("unknown backbone '" + classifier
                    + "': expected resnet50, resnet50-int8, generated, tiny or the path of an existing .onnx file");
        }
        String sha = CacheFiles.sha256(classifier);
        return cut("file-" + sha.substring(0, 12), classifier, sha, declared, null);
    }

    /**
     * @param pretrained what is known or declared, or null: then the file's metadata says, else unknown
     * @param precision  what is known, or null: int8 when the cut graph quantizes, else fp32
     */
    private Backbone cut(String id, Path classifier, String sha, Pretrained pretrained, Precision precision) {
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
        Pretrained provenance = pretrained != null ? pretrained : pretrainedFromMetadata(cut, classifier);
        return new Backbone(id, cutFile, sha, provenance, Math.toIntExact(out[out.length - 1]), preprocessingFor(cut),
                precision != null ? precision : precisionOf(cut));
    }

    /** int8 when the graph quantizes anything (QDQ or QOperator form), else fp32. */
    static Precision precisionOf(ModelProto model) {
        boolean quantized = model.getGraph().getNodeList().stream().anyMatch(n -> INT8_OPS.contains(n.getOpType()));
        return quantized ? Precision.INT8 : Precision.FP32;
    }

    /** {@value #PRETRAINED_KEY}, else a Sightline model's {@code sightline.backbone.pretrained}, else unknown. */
    static Pretrained pretrainedFromMetadata(ModelProto model, Path file) {
        String said = null;
        String key = null;
        for (StringStringEntryProto entry : model.getMetadataPropsList()) {
            if (entry.getKey().equals(PRETRAINED_KEY) || (said == null && entry.getKey().equals(ModelMetadata.BACKBONE_PRETRAINED))) {
                said = entry.getValue();
                key = entry.getKey();
            }
        }
        if (said == null) {
            return Pretrained.UNKNOWN;
        }
        try {
            return Pretrained.parse(said);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": metadata " + key + " must be true, false or unknown", e);
        }
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
