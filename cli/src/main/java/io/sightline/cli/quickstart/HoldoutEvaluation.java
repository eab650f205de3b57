package io.sightline.cli.quickstart;

import io.sightline.cli.client.SightlineClient;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.Json;
import io.sightline.image.FolderScanner;
import io.sightline.image.LabelledFile;
import io.sightline.metrics.RocAuc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How well the served model says "unknown" ({@code quickstart --holdout-label L}): the pictures of a label that
 * was left out of training are classified (HTTP), and their {@code unknownScore} is set against the known test
 * pictures' (positives: the held-out label).
 */
public final class HoldoutEvaluation {
    private HoldoutEvaluation() {
    }

    /**
     * The measurement.
     *
     * @param label         the held-out label
     * @param pictures      its pictures classified
     * @param knownPictures known test pictures compared with
     * @param auroc         the chance that a held-out picture scores above a known one (ties half)
     * @param caught        the share of held-out pictures answered {@code unknown: true}
     * @param falseUnknown  the share of known test pictures answered {@code unknown: true}
     */
    public record Result(String label, int pictures, int knownPictures, double auroc, double caught,
                         double falseUnknown) {
    }

    /** Classifies every picture of {@code folder/label} through {@code client}; the ok results. */
    static List<ClassifyResult> classify(SightlineClient client, Path folder, String label) {
        List<ClassifyResult> results = new ArrayList<>();
        for (LabelledFile file : new FolderScanner().scan(folder).files()) {
            if (!file.label().equals(label)) {
                continue;
            }
            SightlineClient.Reply reply = client.classify(read(file.path()), 1)
                    .orThrow("cannot classify " + file.relativePath());
            ClassifyResult result = Json.mapper().convertValue(reply.body(), ClassifyResult.class);
            results.add(result);
        }
        if (results.isEmpty()) {
            throw new IllegalArgumentException("the held-out label '" + label + "' has no pictures in " + folder);
        }
        return results;
    }

    /** The measurement from the known test pictures' results and the held-out pictures'. */
    public static Result measure(String label, Collection<ClassifyResult> known, Collection<ClassifyResult> heldOut) {
        List<ClassifyResult> all = new ArrayList<>(known);
        all.addAll(heldOut);
        boolean[] positive = new boolean[all.size()];
        double[] scores = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            ClassifyResult result = all.get(i);
            if (result.unknownScore() == null && !Boolean.TRUE.equals(result.unknown())) {
                throw new IllegalStateException("the served model has no unknown score (trained before it existed?)");
            }
            positive[i] = i >= known.size();
            scores[i] = result.unknownScore() == null ? Double.POSITIVE_INFINITY : result.unknownScore();
        }
        return new Result(label, heldOut.size(), known.size(), RocAuc.binary(positive, scores), share(heldOut),
                share(known));
    }

    private static double share(Collection<ClassifyResult> results) {
        return results.isEmpty() ? Double.NaN
                : results.stream().filter(r -> Boolean.TRUE.equals(r.unknown())).count() / (double) results.size();
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
