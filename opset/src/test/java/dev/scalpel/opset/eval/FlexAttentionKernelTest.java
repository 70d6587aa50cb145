package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.OpId;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * FlexAttention (ai.onnx.preview): one query, two keys, scale 1 worked out by hand, and the
 * post-1.12 node tests without modifier subgraphs (those with one are refused as unsupported).
 */
class FlexAttentionKernelTest {
  @Test
  void softmaxOfTheDotProductsWeighsTheValues() {
    // Scores [1, 0]: 10 e/(e+1) + 20/(e+1) = 12.689414...
    Tensor y = Kernels.standard().evaluate(new EvalContext(new OpId("ai.onnx.preview", "FlexAttention"), 1,
        Arrays.asList(floats(dims(1, 1, 1, 2), 1, 0), floats(dims(1, 1, 2, 2), 1, 0, 0, 1),
            floats(dims(1, 1, 2, 1), 10, 20)),
        Map.of("scale", Attribute.of("scale", 1f)), 1, EvalContext.UNLIMITED)).get(0);
    assertThat(y.toFloatArray()[0]).isCloseTo(12.689414f, within(1e-5f));
  }

  @Test
  void everyPost112NodeTestWithoutModifiersGivesTheExpectedOutput() throws IOException {
    NodeTestSweep.Outcome outcome = NodeTestSweep.run("test_flexattention", node -> node.subgraphs().isEmpty());
    assertThat(outcome.tests()).isEqualTo(6);
    assertThat(outcome.failures()).isEmpty();
  }
}
