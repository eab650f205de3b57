package io.sightline.train;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitTest {

    @Test
    void assignmentsAreStableAsTheDatasetGrows() {
        Map<String, Split.Set> before = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            before.put("img-" + i, Split.assign("img-" + i, 2, 0.2, 0.05));
        }
        for (int i = 1000; i < 5000; i++) {
            Split.assign("img-" + i, 2, 0.2, 0.05);
        }
        before.forEach((id, set) -> assertEquals(set, Split.assign(id, 2, 0.2, 0.05)));
    }

    @Test
    void fractionsAreCloseToTheRequestedOnes() {
        Map<Split.Set, Integer> counts = new EnumMap<>(Split.Set.class);
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            counts.merge(Split.assign("photo/" + i + ".jpg", 7, 0.2, 0.1), 1, Integer::sum);
        }
        // TEST ~ 0.2; VALIDATION ~ 0.1 of the remaining 0.8 = 0.08. 4 sigma bounds.
        assertEquals(0.2, counts.get(Split.Set.TEST) / (double) n, 0.016);
        assertEquals(0.08, counts.get(Split.Set.VALIDATION) / (double) n, 0.011);
    }

    @Test
    void differentSeedsGiveDifferentAssignments() {
        int differ = 0;
        for (int i = 0; i < 1000; i++) {
            if (Split.assign("id" + i, 1, 0.5, 0.5) != Split.assign("id" + i, 2, 0.5, 0.5)) {
                differ++;
            }
        }
        assertTrue(differ > 400, "differ " + differ);
    }

    @Test
    void uniformIsInUnitInterval() {
        for (int i = 0; i < 1000; i++) {
            double u = Split.uniform(i, "x" + i, "test");
            assertTrue(u >= 0 && u < 1);
        }
    }

    @Test
    void validationFractionFollowsTuriCreate() {
        assertEquals(0.05, Split.validationFractionFor(100, -1));
        assertEquals(0.0, Split.validationFractionFor(99, -1));
        assertEquals(0.2, Split.validationFractionFor(10, 0.2));
        assertEquals(0.0, Split.validationFractionFor(1000, 0));
    }
}
