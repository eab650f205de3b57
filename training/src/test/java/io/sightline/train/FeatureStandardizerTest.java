package io.sightline.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class FeatureStandardizerTest {

    @Test
    void populationStatisticsAndConstantFeatures() {
        float[][] rows = {{1, 5, 2}, {3, 5, 4}, {5, 5, 9}};
        FeatureStandardizer s = FeatureStandardizer.fit(rows);
        assertArrayEquals(new float[] {3, 5, 5}, s.mean(), 1e-6f);
        float std0 = (float) Math.sqrt(8 / 3.0);
        float std2 = (float) Math.sqrt((9 + 1 + 16) / 3.0);
        assertArrayEquals(new float[] {std0, 1, std2}, s.std(), 1e-6f);
        assertArrayEquals(new float[] {-2 / std0, 0, -3 / std2}, s.standardize(rows[0]), 1e-6f);
    }
}
