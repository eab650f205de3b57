package io.sightline.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The soak's arithmetic and bookkeeping, without a broker. */
class SoakPartsTest {

    @Test
    void durationsReadAndWriteBack() {
        DurationOption option = new DurationOption();
        assertEquals(Duration.ofMinutes(10), option.convert("10m"));
        assertEquals(Duration.ofSeconds(40), option.convert("40s"));
        assertEquals(Duration.ofSeconds(90), option.convert("90"));
        assertEquals(Duration.ofHours(1), option.convert("1H"));
        assertEquals(Duration.ofMillis(500), option.convert("500ms"));
        assertThrows(CommandLine.TypeConversionException.class, () -> option.convert("ten minutes"));
        assertThrows(CommandLine.TypeConversionException.class, () -> option.convert("-3m"));
        for (String spelled : List.of("10m", "90s", "1h", "0s", "1500ms")) {
            assertEquals(spelled, DurationOption.format(option.convert(spelled)));
        }
    }

    @Test
    void rssThatLevelsOffIsAPlateauAndRssThatKeepsRisingIsNot() {
        List<Double> minutes = List.of(60.0, 120.0, 180.0, 240.0, 300.0, 360.0);
        RssTrend flat = RssTrend.of(minutes, List.of(900.0, 1500.0, 1600.0, 1580.0, 1610.0, 1590.0));
        assertEquals("plateau", flat.verdict());
        assertEquals(10.0, flat.growthMib());
        RssTrend rising = RssTrend.of(minutes, List.of(900.0, 1000.0, 1100.0, 1200.0, 1300.0, 1400.0));
        assertEquals("growing", rising.verdict());
        assertEquals(100.0, rising.secondHalfSlopeMibPerMinute(), 1e-9);
        RssTrend tooShort = RssTrend.of(minutes.subList(0, 3), List.of(1.0, 2.0, 3.0));
        assertEquals(RssTrend.TOO_SHORT, tooShort.verdict());
        assertNull(tooShort.growthMib());
    }

    @Test
    void theLedgerTellsFirstAnswersFromLaterOnesAndOnlyKnowsItsOwnIds() {
        SoakLedger ledger = new SoakLedger("soak-ab12-");
        ledger.sent(0, 100);
        ledger.sent(1, 200);
        ledger.acknowledged(0);
        ledger.failed(1, new IllegalStateException("broker gone"));
        assertEquals(0, ledger.sequence("soak-ab12-0").orElseThrow());
        assertTrue(ledger.sequence("soak-other-0").isEmpty());
        assertTrue(ledger.sequence("soak-ab12-x").isEmpty());
        assertEquals(100, ledger.answered(0).orElseThrow());
        assertTrue(ledger.answered(0).isEmpty(), "a second result is not a first answer");
        assertTrue(ledger.answered(1).isEmpty(), "a failed send expects no answer");
        assertTrue(ledger.isAcknowledged(0));
        assertFalse(ledger.isAcknowledged(1));
        assertEquals(1, ledger.failedCount());
        assertEquals(0, ledger.outstanding());
    }

    @Test
    void aRateSpacesTheSlotsAndAConcurrencyWaitsForAnswers() throws Exception {
        SoakPacer window = SoakPacer.concurrency(2);
        assertTrue(window.awaitSlot(() -> true));
        assertTrue(window.awaitSlot(() -> true));
        boolean[] asked = {false};
        assertFalse(window.awaitSlot(() -> {
            boolean first = !asked[0];
            asked[0] = true;
            return first; // running for the first check only: the full window must not give a slot
        }));
        window.release();
        assertTrue(window.awaitSlot(() -> true));
        assertEquals("2 outstanding", window.describe());
        assertEquals("5 requests/s", SoakPacer.rate(5).describe());
        assertEquals("2.5 requests/s", SoakPacer.rate(2.5).describe());
    }
}
