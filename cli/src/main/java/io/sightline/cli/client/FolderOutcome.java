package io.sightline.cli.client;

import io.sightline.image.LabelledFile;
import io.sightline.image.SkippedFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the service answered for one distinct picture of a folder; and the summary of a whole run. */
record FolderOutcome(FolderPlan.Picture picture, String outcome, String skipReason, String imageId) {
    private static final int ADDED = 0;
    private static final int RELABELLED = 1;
    private static final int DUPLICATE = 2;
    private static final int SKIPPED = 3;
    /** How many other paths a conflict's reason names before "and N more". */
    private static final int NAMED_PATHS = 3;

    static FolderOutcome answered(FolderPlan.Picture picture, String outcome, String imageId) {
        return new FolderOutcome(picture, outcome, null, imageId);
    }

    static FolderOutcome skipped(FolderPlan.Picture picture, String reason) {
        return new FolderOutcome(picture, null, reason, null);
    }

    private int column() {
        return switch (outcome) {
            case "duplicate" -> DUPLICATE;
            case "relabelled" -> RELABELLED;
            default -> ADDED;
        };
    }

    static IngestSummary summarize(List<SkippedFile> scanSkips, FolderPlan plan, List<FolderOutcome> outcomes,
                                   double seconds) {
        Map<String, int[]> counts = new TreeMap<>();
        List<IngestSummary.Skipped> skipped = new ArrayList<>();
        List<IngestSummary.Loaded> loaded = new ArrayList<>();
        for (SkippedFile skip : scanSkips) {
            skipped.add(new IngestSummary.Skipped(skip.relativePath(), skip.reason()));
            String label = labelOf(skip.relativePath());
            if (label != null) {
                counts.computeIfAbsent(label, l -> new int[4])[SKIPPED]++;
            }
        }
        for (FolderPlan.Unreadable unreadable : plan.unreadable()) {
            skip(counts, skipped, unreadable.file(), unreadable.reason());
        }
        List<IngestSummary.Conflict> conflicts = new ArrayList<>();
        for (FolderPlan.Conflict conflict : plan.conflicts()) {
            List<String> paths = conflict.files().stream().map(LabelledFile::relativePath).toList();
            conflicts.add(new IngestSummary.Conflict(conflict.imageId(), paths));
            for (LabelledFile file : conflict.files()) {
                skip(counts, skipped, file, conflictReason(file, conflict));
            }
        }
        for (FolderOutcome outcome : outcomes) {
            LabelledFile first = outcome.picture().upload();
            if (outcome.skipReason() != null) {
                skip(counts, skipped, first, outcome.skipReason());
                outcome.picture().copies().forEach(copy -> skip(counts, skipped, copy,
                        "same picture as " + first.relativePath() + ": " + outcome.skipReason()));
                continue;
            }
            int[] count = counts.computeIfAbsent(first.label(), l -> new int[4]);
            count[outcome.column()]++;
            count[DUPLICATE] += outcome.picture().copies().size();
            outcome.picture().files().forEach(file ->
                    loaded.add(new IngestSummary.Loaded(file.relativePath(), file.label(), outcome.imageId())));
        }
        Map<String, IngestSummary.LabelCounts> byLabel = new TreeMap<>();
        counts.forEach((label, c) -> byLabel.put(label,
                new IngestSummary.LabelCounts(c[ADDED], c[RELABELLED], c[DUPLICATE], c[SKIPPED])));
        skipped.sort(Comparator.comparing(IngestSummary.Skipped::path));
        return new IngestSummary(Collections.unmodifiableMap(byLabel), List.copyOf(skipped), List.copyOf(loaded),
                List.copyOf(conflicts), seconds);
    }

    private static void skip(Map<String, int[]> counts, List<IngestSummary.Skipped> skipped, LabelledFile file,
                             String reason) {
        counts.computeIfAbsent(file.label(), l -> new int[4])[SKIPPED]++;
        skipped.add(new IngestSummary.Skipped(file.relativePath(), reason));
    }

    private static String conflictReason(LabelledFile file, FolderPlan.Conflict conflict) {
        List<String> others = conflict.files().stream().map(LabelledFile::relativePath)
                .filter(path -> !path.equals(file.relativePath())).toList();
        String labels = String.join(" and ", conflict.files().stream().map(LabelledFile::label).distinct().toList());
        String named = String.join(", ", others.subList(0, Math.min(NAMED_PATHS, others.size())))
                + (others.size() > NAMED_PATHS ? " and " + (others.size() - NAMED_PATHS) + " more" : "");
        return "conflict: the same picture is under " + labels + " (also at " + named + "); nothing was uploaded "
                + "for it (keep it in one label folder and run again)";
    }

    /** The first path element when the file sits in a label folder. */
    private static String labelOf(String relativePath) {
        int slash = relativePath.indexOf('/');
        return slash > 0 && !relativePath.startsWith(".") ? relativePath.substring(0, slash) : null;
    }
}
