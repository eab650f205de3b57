package io.sightline.cli.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Whether the resident set levelled off: the peak of the second half of the intervals against the peak
 * of the first half (which holds the start: JIT compilation, the first model, the heap growing to its
 * working size). Growth within {@value #PLATEAU_FRACTION} of the first half's peak is a plateau.
 *
 * @param firstHalfPeakMib  highest RSS in the first half of the intervals
 * @param secondHalfPeakMib highest RSS in the second half
 * @param growthMib         second-half peak minus first-half peak
 * @param secondHalfSlopeMibPerMinute least-squares slope of RSS over the second half
 * @param verdict           {@code plateau}, {@code growing} or {@code too short to tell} (under 4 intervals: then
 *                          the figures are absent)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RssTrend(Double firstHalfPeakMib, Double secondHalfPeakMib, Double growthMib,
                       Double secondHalfSlopeMibPerMinute, String verdict) {
    static final String TOO_SHORT = "too short to tell";
    static final double PLATEAU_FRACTION = 0.05;

    /** @param seconds interval ends, {@code rssMib} the RSS sampled there (same length) */
    static RssTrend of(List<Double> seconds, List<Double> rssMib) {
        int n = rssMib.size();
        if (n < 4) {
            return new RssTrend(null, null, null, null, TOO_SHORT);
        }
        double first = peak(rssMib.subList(0, n / 2));
        double second = peak(rssMib.subList(n / 2, n));
        double growth = second - first;
        double slope = slopePerMinute(seconds.subList(n / 2, n), rssMib.subList(n / 2, n));
        return new RssTrend(Rate.round(first, 1), Rate.round(second, 1), Rate.round(growth, 1), Rate.round(slope, 2),
                growth <= PLATEAU_FRACTION * first ? "plateau" : "growing");
    }

    private static double peak(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static double slopePerMinute(List<Double> seconds, List<Double> values) {
        double meanX = seconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double meanY = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < values.size(); i++) {
            double dx = seconds.get(i) - meanX;
            covariance += dx * (values.get(i) - meanY);
            variance += dx * dx;
        }
        return variance == 0 ? 0 : covariance / variance * 60;
    }
}
