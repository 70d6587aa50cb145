package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static dev.scalpel.opset.eval.KernelFixture.longs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Tensor;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * NonMaxSuppression on three boxes worked out by hand: A = [0,0,1,1] (score 0.9), B = [0,0.1,1,1.1]
 * (0.8; IoU with A = 0.9 / 1.1 = 0.82), C = [0,2,1,3] (0.7; no overlap); and the post-1.12 node test.
 */
class NonMaxSuppressionKernelTest {
  private static final Tensor BOXES = floats(dims(1, 3, 4), 0, 0, 1, 1, 0, 0.1f, 1, 1.1f, 0, 2, 1, 3);
  private static final Tensor SCORES = floats(dims(1, 1, 3), 0.9f, 0.8f, 0.7f);

  private static Tensor run(long max, float iou, Tensor scoreThreshold) {
    return KernelFixture.op("NonMaxSuppression", 11, BOXES, SCORES, longs(dims(1), max), floats(dims(1), iou),
        scoreThreshold).single();
  }

  @Test
  void aBoxOverlappingASelectedOneBeyondTheThresholdIsSuppressed() {
    assertThat(run(3, 0.5f, null).toLongArray()).containsExactly(0, 0, 0, 0, 0, 2);
    // Threshold 0.9: B's IoU 0.82 is not above it, so B is kept, in score order.
    assertThat(run(3, 0.9f, null).toLongArray()).containsExactly(0, 0, 0, 0, 0, 1, 0, 0, 2);
  }

  @Test
  void selectionStopsAtMaxOutputBoxesPerClass() {
    assertThat(run(1, 0.5f, null).toLongArray()).containsExactly(0, 0, 0);
    assertThat(run(0, 0.5f, null).dims()).containsExactly(0, 3);
  }

  @Test
  void scoresAtOrBelowTheScoreThresholdAreDroppedAndATieIsRefused() {
    assertThat(run(3, 0.5f, floats(dims(1), 0.75f)).toLongArray()).containsExactly(0, 0, 0);
    assertThatThrownBy(() -> run(3, 0.5f, floats(dims(1), 0.7f))).isInstanceOf(EvaluationException.class);
  }

  @Test
  void everyPost112NodeTestGivesTheExpectedOutput() throws IOException {
    NodeTestSweep.Outcome outcome = NodeTestSweep.run("test_nonmaxsuppression_");
    assertThat(outcome.tests()).isEqualTo(1);
    assertThat(outcome.failures()).isEmpty();
  }
}
