package io.sightline.cli.bench;

import io.sightline.image.ImageLimits;
import io.sightline.image.ImagePipeline;
import io.sightline.image.ImageRejectedException;
import io.sightline.image.Preprocessing;
import io.sightline.image.TensorBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Step 2: {@link ImagePipeline#decodeInto} into a {@link TensorBatch} on the calling thread (one
 * core), for each picture of a folder or for generated JPEGs of 0.3, 2 and 12 megapixels and a PNG.
 */
final class DecodeStage {
    static final int MIN_ROUNDS = 3;
    static final int MAX_LISTED = 50;

    private final Preprocessing preprocessing;
    private final Duration duration;

    DecodeStage(Preprocessing preprocessing, Duration duration) {
        this.preprocessing = preprocessing;
        this.duration = duration;
    }

    /** The generated set: JPEG 0.3, 2 and 12 MP and a 2 MP PNG. */
    static List<SamplePictures.Sample> generatedSet() {
        return List.of(SamplePictures.jpeg(640, 480, 1), SamplePictures.jpeg(1600, 1200, 2),
                SamplePictures.jpeg(4000, 3000, 3), SamplePictures.png(1600, 1200, 4));
    }

    /** Every regular, non-hidden file under {@code folder} that decodes, with its size read by decoding it once. */
    static List<SamplePictures.Sample> folderSet(Path folder) {
        ImagePipeline pipeline = new ImagePipeline(ImageLimits.defaults(), Preprocessing.imagenet());
        List<SamplePictures.Sample> pictures = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                if (file.getFileName().toString().startsWith(".")) {
                    continue;
                }
                byte[] bytes = Files.readAllBytes(file);
                try {
                    var image = pipeline.decoder().decode(bytes, file.toString());
                    String name = folder.relativize(file).toString();
                    pictures.add(new SamplePictures.Sample(name, extension(name), image.getWidth(), image.getHeight(), bytes));
                } catch (ImageRejectedException e) {
                    // not a picture we accept: not part of the measurement
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder + ": " + e.getMessage(), e);
        }
        if (pictures.isEmpty()) {
            throw new IllegalArgumentException("--images " + folder + " holds no picture Sightline can decode");
        }
        return pictures;
    }

    BenchResult.Decode run(List<SamplePictures.Sample> pictures, Progress progress) {
        ImagePipeline pipeline = new ImagePipeline(ImageLimits.defaults(), preprocessing);
        TensorBatch batch = new TensorBatch(preprocessing, 1);
        progress.line("decode + preprocess, " + pictures.size() + " pictures, one thread (warm-up)");
        for (SamplePictures.Sample picture : pictures) {
            for (int i = 0; i < 3; i++) {
                pipeline.decodeInto(picture.bytes(), picture.name(), batch, 0);
            }
        }
        long[] nanos = new long[pictures.size()];
        int rounds = 0;
        long deadline = System.nanoTime() + duration.toNanos();
        progress.line("decode + preprocess, measuring");
        while (rounds < MIN_ROUNDS || System.nanoTime() < deadline) {
            for (int i = 0; i < pictures.size(); i++) {
                SamplePictures.Sample picture = pictures.get(i);
                long started = System.nanoTime();
                pipeline.decodeInto(picture.bytes(), picture.name(), batch, 0);
                nanos[i] += System.nanoTime() - started;
            }
            rounds++;
        }
        List<BenchResult.DecodedPicture> listed = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < pictures.size(); i++) {
            total += nanos[i];
            if (i < MAX_LISTED) {
                SamplePictures.Sample picture = pictures.get(i);
                double ms = nanos[i] / 1e6 / rounds;
                listed.add(new BenchResult.DecodedPicture(picture.name(), picture.width(), picture.height(),
                        Rate.round(picture.megapixels(), 2), picture.bytes().length, Rate.round(ms, 2),
                        Rate.round(1000 / ms, 1)));
            }
        }
        double perCore = Rate.perSecond((long) rounds * pictures.size(), total);
        return new BenchResult.Decode(Rate.round(perCore, 1), listed);
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
