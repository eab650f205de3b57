package io.sightline.inference.plan;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The plan a model runs with, how it was chosen and what every candidate measured.
 *
 * @param plan            the plan kept
 * @param basis           how it was chosen
 * @param note            why, in words, for a plan not chosen by measurement; null otherwise
 * @param imagesPerSecond the kept plan's measured throughput; NaN when not measured
 * @param candidates      every candidate measured, in the order measured; empty when nothing was measured
 * @param measuredAt      when the measurement started; null when nothing was measured
 * @param measuredOnVersion the model version measured (a later version on the same backbone, precision and
 *                        provider reuses the measurement); 0 when not measured or not a served version
 * @param measureSeconds  wall time of the measurement; 0 when nothing was measured
 */
public record PlanChoice(RunPlan plan, Basis basis, String note, double imagesPerSecond, List<PlanFigure> candidates,
                         Instant measuredAt, int measuredOnVersion, double measureSeconds) {

    /** How a plan was chosen. */
    public enum Basis {
        /** The fastest of the candidates, measured on this machine. */
        MEASUREMENT,
        /** Not measured: measurement is off, or the settings leave one candidate. */
        SETTINGS,
        /** The measurement failed; the fixed rule's plan is kept. */
        FALLBACK;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PlanChoice {
        candidates = List.copyOf(candidates);
        if (basis == Basis.MEASUREMENT && candidates.stream().noneMatch(figure -> figure.plan().equals(plan))) {
            throw new IllegalArgumentException("a measured choice must be one of its candidates: " + plan.label());
        }
    }

    /** A plan taken without measuring. */
    public static PlanChoice unmeasured(RunPlan plan, Basis basis, String note) {
        return new PlanChoice(plan, basis, note, Double.NaN, List.of(), null, 0, 0);
    }

    /** The fastest of {@code figures}. */
    static PlanChoice fastest(List<PlanFigure> figures, Instant measuredAt, int version, double seconds) {
        PlanFigure best = PlanFigure.fastest(figures);
        return new PlanChoice(best.plan(), Basis.MEASUREMENT, null, best.imagesPerSecond(), figures, measuredAt,
                version, seconds);
    }

    /** One line: the plan, how it was chosen, and each candidate's images/s. */
    public String describe() {
        if (basis != Basis.MEASUREMENT) {
            return plan.label() + " (" + basis.wire() + ": " + note + ")";
        }
        return String.format(Locale.ROOT, "%s at %.1f images/s, the fastest of %d candidates measured in %.1f s on "
                + "version %d (runs x threads, batch: images/s): %s", plan.label(), imagesPerSecond, candidates.size(),
                measureSeconds, measuredOnVersion, candidates.stream()
                        .map(figure -> String.format(Locale.ROOT, "%s %.1f", figure.plan().label(), figure.imagesPerSecond()))
                        .collect(Collectors.joining(", ")));
    }
}
