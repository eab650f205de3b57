package io.sightline.cli.allinone;

import io.sightline.cli.console.Progress;
import io.sightline.contract.Pretrained;
import io.sightline.onnx.Backbone;
import io.sightline.onnx.BackboneCache;
import io.sightline.onnx.BackboneResolver;
import io.sightline.onnx.DownloadSource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * Resolves the backbone before the services start, so a first run shows the ResNet-50 download as a
 * progress bar (once per machine, into {@link BackboneCache}) and an offline run says so in one line.
 * The services then find the file in the cache; {@link #trainerProperties} hands them what was declared.
 */
public final class BackboneSetup {
    private BackboneSetup() {
    }

    public static Backbone resolve(String spec, PrintStream out) {
        return resolve(spec, null, out);
    }

    /** @param declared what the user says of a FILE.onnx's weights ({@code --pretrained}), or null */
    public static Backbone resolve(String spec, Pretrained declared, PrintStream out) {
        Progress[] download = new Progress[1];
        BackboneResolver resolver = new BackboneResolver(BackboneCache.directory(), DownloadSource.RESNET50_V1_12,
                Duration.ofSeconds(10), Duration.ofSeconds(60), (bytes, total) -> {
                    if (download[0] == null) {
                        download[0] = Progress.of("Downloading ResNet-50", total > 0 ? total : 102_576_593L, out);
                    }
                    download[0].advanceTo(bytes);
                }, line -> out.println("Note: " + line));
        Backbone backbone = resolver.resolve(spec, declared);
        if (download[0] != null) {
            download[0].finish();
        }
        return backbone;
    }

    /** The spec the services should load: the resolved backbone, the offline fallback included. */
    public static String specFor(Backbone backbone, String requested) {
        return switch (backbone.id()) {
            case BackboneResolver.GENERATED_ID -> BackboneResolver.GENERATED;
            case BackboneResolver.TINY_ID -> BackboneResolver.TINY;
            case BackboneResolver.RESNET50_ID -> BackboneResolver.RESNET50;
            case BackboneResolver.RESNET50_INT8_ID -> BackboneResolver.RESNET50_INT8;
            default -> requested;
        };
    }

    /**
     * The trainer settings that carry a FILE.onnx backbone's provenance as resolved here (declared, or from its
     * metadata) to the services; empty for the named backbones and for an unknown one.
     */
    public static Map<String, Object> trainerProperties(Backbone backbone) {
        boolean named = switch (backbone.id()) {
            case BackboneResolver.GENERATED_ID, BackboneResolver.TINY_ID, BackboneResolver.RESNET50_ID,
                    BackboneResolver.RESNET50_INT8_ID -> true;
            default -> false;
        };
        if (named || backbone.pretrained() == Pretrained.UNKNOWN) {
            return Map.of();
        }
        return Map.of("sightline.trainer.pretrained", backbone.pretrained().wire());
    }
}
