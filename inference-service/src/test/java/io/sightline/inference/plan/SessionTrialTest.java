package io.sightline.inference.plan;

import io.sightline.inference.TinyModels;
import io.sightline.onnx.ClassifierModel;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.SessionConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plans timed on real ONNX Runtime sessions of the tiny model: figures, and which sessions live on. */
class SessionTrialTest {

    @Test
    void measuresEachPlanAndClosesTheSessionsNotTaken() {
        List<ClassifierModel> opened = new ArrayList<>();
        try (ClassifierModel wide = ClassifierModel.open(TinyModels.model(), SessionConfig.cpu().withIntraOpThreads(4))) {
            List<ClassifierModel> taken;
            try (SessionTrial trial = new SessionTrial(wide, 4, threads -> {
                ClassifierModel session = ClassifierModel.open(TinyModels.model(), SessionConfig.cpu().withIntraOpThreads(threads));
                opened.add(session);
                return session;
            }, 8)) {
                for (RunPlan plan : List.of(new RunPlan(8, 1, 4), new RunPlan(2, 2, 2), new RunPlan(8, 4, 1))) {
                    PlanFigure figure = trial.run(plan, Duration.ofMillis(50));
                    assertEquals(plan, figure.plan());
                    assertTrue(figure.runs() >= plan.parallelRuns(), "at least one run each: " + figure);
                    assertEquals(figure.runs() * plan.batchSize(), figure.images());
                    assertTrue(figure.imagesPerSecond() > 0 && figure.seconds() > 0, figure.toString());
                }
                assertEquals(3, opened.size(), "two 2-thread sessions and one shared single-threaded one");
                trial.retainOnly(List.of(new RunPlan(2, 2, 2)));
                assertTrue(closed(opened.get(2)), "the single-threaded session is not the best's");
                assertFalse(closed(opened.get(0)));
                taken = trial.take(new RunPlan(4, 2, 2));
                assertEquals(2, taken.size());
                assertNotSame(taken.get(0), taken.get(1));
                assertTrue(trial.take(new RunPlan(4, 1, 4)).isEmpty(), "one run at a time needs only the wide session");
            }
            assertFalse(closed(wide), "the wide session is the caller's");
            for (ClassifierModel session : taken) {
                assertFalse(closed(session), "taken sessions belong to the model now");
                session.close();
            }
            assertTrue(opened.stream().allMatch(SessionTrialTest::closed), "the rest closed with the trial");
        }
    }

    /** Whether the session refuses to run (closed). */
    private static boolean closed(ClassifierModel session) {
        int values = session.preprocessing().valuesPerImage();
        var input = java.nio.ByteBuffer.allocateDirect(values * Float.BYTES).order(java.nio.ByteOrder.nativeOrder())
                .asFloatBuffer();
        try {
            session.classify(input, 1);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    @Test
    void singleThreadedRunsShareTheWideSessionWhenItHasOneThread() {
        assertEquals(0, SessionTrial.narrowSessions(new RunPlan(4, 2, 1), ExecutionProvider.CPU, 1));
        assertEquals(1, SessionTrial.narrowSessions(new RunPlan(4, 2, 1), ExecutionProvider.CPU, 2));
        assertEquals(3, SessionTrial.narrowSessions(new RunPlan(4, 3, 2), ExecutionProvider.CPU, 6));
        assertEquals(0, SessionTrial.narrowSessions(new RunPlan(4, 3, 2), ExecutionProvider.CUDA, 6));
        assertEquals(0, SessionTrial.narrowSessions(new RunPlan(4, 1, 6), ExecutionProvider.CPU, 6));
    }
}
