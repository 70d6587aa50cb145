package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static dev.scalpel.opset.eval.KernelFixture.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Tensor;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TopK on rows worked out by hand, and the post-1.12 node tests (ties, uint64). */
class TopKKernelTest {
  @Test
  void largestAlongTheLastAxisWithTiesInIndexOrder() {
    // Row [3, 1, 3, 2]: the top 3 are 3 (index 0), 3 (index 2), 2 (index 3).
    List<Tensor> out = KernelFixture.op("TopK", 11, floats(dims(1, 4), 3, 1, 3, 2), vec(3)).outputs(2).run();
    assertThat(out.get(0).toFloatArray()).containsExactly(3, 3, 2);
    assertThat(out.get(1).toLongArray()).containsExactly(0, 2, 3);
  }

  @Test
  void smallestAlongTheFirstAxis() {
    // Columns [5, 4] and [0, 6]: the smallest of each is 4 (row 1) and 0 (row 0).
    List<Tensor> out = KernelFixture.op("TopK", 11, floats(dims(2, 2), 5, 0, 4, 6), vec(1))
        .attr(Attribute.of("axis", 0L)).attr(Attribute.of("largest", 0L)).outputs(2).run();
    assertThat(out.get(0).toFloatArray()).containsExactly(4, 0);
    assertThat(out.get(1).toLongArray()).containsExactly(1, 0);
  }

  @Test
  void unsortedAndNaNAreRefused() {
    assertThatThrownBy(() -> KernelFixture.op("TopK", 11, floats(dims(2), 1, 2), vec(1))
        .attr(Attribute.of("sorted", 0L)).outputs(2).run()).isInstanceOf(EvaluationException.class);
    assertThatThrownBy(() -> KernelFixture.op("TopK", 11, floats(dims(2), 1, Float.NaN), vec(1)).outputs(2).run())
        .isInstanceOf(EvaluationException.class);
  }

  @Test
  void everyPost112NodeTestGivesTheExpectedOutputs() throws IOException {
    NodeTestSweep.Outcome outcome = NodeTestSweep.run("test_top_k_");
    assertThat(outcome.tests()).isEqualTo(4);
    assertThat(outcome.failures()).isEmpty();
  }
}
