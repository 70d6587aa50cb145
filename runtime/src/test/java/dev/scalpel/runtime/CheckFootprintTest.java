package dev.scalpel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.passes.fold.RunawayModels;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check's memory prediction ({@link CheckFootprint}) and its budget in {@link ReferenceRuns}. */
class CheckFootprintTest {
  /** y = Relu(Relu(Relu(x))) with x float[n, 256]. */
  private static Model reluChain(Dim n) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(n, Dim.of(256)));
    Value y = b.op("Relu", b.op("Relu", b.op("Relu", x)));
    y.setName("y");
    b.output(y);
    return b.model();
  }

  @Test
  void valuesCountWhileTheyAreLive() {
    // a = Relu(x) is read by node 1 only, b = Relu(a) by node 2, y is a graph output: at most two
    // of the three 4·256·n-byte values are live at once (the sum of all three would be 3 of them).
    CheckFootprint f = CheckFootprint.of(reluChain(Dim.of("n")));
    assertThat(f.valueBytes(Map.of("n", 3L))).isEqualTo(2 * 3 * 256 * 4);
    assertThat(f.valueBytes(Map.of("n", 1L))).isEqualTo(2 * 256 * 4);
  }

  @Test
  void aPlanNeedsItsInputsAndItsLargestRunsValues() {
    Model m = reluChain(Dim.of("n"));
    DimPlan plan = new DimPlan(Map.of("n", java.util.List.of(2L, 3L)));
    // run 1 (n = 3) is the larger: inputs 3·256·4 plus two live values of that size.
    assertThat(CheckFootprint.of(m).bytes(plan, InputSpec.of(m), Map.of())).isEqualTo(3 * (3 * 256 * 4));
  }

  @Test
  void anOutputOfEightGibIsPredictedBeforeAnythingRuns() {
    Model m = RunawayModels.hugeRunOutput(1L << 16, 1L << 15);
    assertThat(CheckFootprint.of(m).valueBytes(Map.of())).isEqualTo(8L << 30);
    assertThatThrownBy(() -> EquivalenceChecker.check(m, m, CheckOptions.defaults().withMaxCheckBytes(1L << 30)))
        .isInstanceOf(CheckTooLargeException.class)
        .hasMessageContaining("8.0 GiB")
        .hasMessageContaining("--max-check-bytes")
        .hasMessageNotContaining("--dims");
  }

  @Test
  void sizesOverTheBudgetAreNotTriedAndTheSmallestNeedIsReported() {
    // k = 2, 3 (the first candidate) needs 3 · 3 KiB; a budget of 8 KiB fits none. NOTE: 'k' has no
    // batch-like name; a batch-like dim would get the planner's last-resort size 1, which fits.
    Model m = reluChain(Dim.of("k"));
    assertThatThrownBy(() -> EquivalenceChecker.check(m, m, CheckOptions.defaults().withMaxCheckBytes(8 << 10)))
        .isInstanceOf(CheckTooLargeException.class)
        .hasMessageContaining("9216 bytes")
        .hasMessageContaining("--dims");
    // Fixed to k = 1 (3 KiB) it fits and runs.
    EquivalenceReport ok = EquivalenceChecker.check(m, m, CheckOptions.defaults().withMaxCheckBytes(8 << 10).withDim("k", 1));
    assertThat(ok.passed()).isTrue();
  }

  @Test
  void aDeclaredGibibyteInputIsRefusedWithoutRunning() {
    Model m = RunawayModels.declaredHugeInput(16384);
    assertThatThrownBy(() -> EquivalenceChecker.check(m, m, CheckOptions.defaults()))
        .isInstanceOf(CheckTooLargeException.class)
        .hasMessageContaining("inputs of one run would take 1.0 GiB")
        .hasMessageNotContaining("no sizes of its dynamic dims");
  }

  @Test
  void theDefaultBudgetIsAtMostAQuarterOfTheHeap() {
    assertThat(CheckFootprint.defaultBudget()).isPositive().isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() / 4);
  }

  @Test
  void aRewrittenModelPredictedOverTheBudgetIsNotRun() {
    // The original's output is one float; the "rewritten" one's, with the same signature, 4 GiB.
    Model original = RunawayModels.hugeRunOutput(1, 1);
    Model rewritten = RunawayModels.hugeRunOutput(1L << 15, 1L << 15);
    assertThatThrownBy(() -> EquivalenceChecker.check(original, rewritten, CheckOptions.defaults().withMaxCheckBytes(1L << 30)))
        .isInstanceOf(CheckTooLargeException.class)
        .hasMessageContaining("rewritten model")
        .hasMessageContaining("4.0 GiB");
  }
}
