package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Tensor;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CausalConvWithState: cases worked out by hand (input [1, 2, 3], kernel [10, 1], so output[t] =
 * 10 padded[t] + padded[t+1]) and every node test of the operator ONNX added after 1.12.
 */
class CausalConvWithStateKernelTest {
  private static final Tensor X = floats(dims(1, 1, 3), 1, 2, 3);
  private static final Tensor W = floats(dims(1, 1, 2), 10, 1);

  @Test
  void zeroPaddedWithoutAPastState() {
    // padded [0, 1, 2, 3]: [0*10+1, 1*10+2, 2*10+3]; the state keeps the last k-1 = 1 position.
    List<Tensor> out = KernelFixture.op("CausalConvWithState", 27, X, W).outputs(2).run();
    assertThat(out.get(0).toFloatArray()).containsExactly(1, 12, 23);
    assertThat(out.get(1).toFloatArray()).containsExactly(3);
  }

  @Test
  void thePastStateAndBiasComeFirst() {
    // padded [5, 1, 2, 3], bias 0.5: [51.5, 12.5, 23.5].
    List<Tensor> out = KernelFixture.op("CausalConvWithState", 27, X, W, floats(dims(1), 0.5f),
        floats(dims(1, 1, 1), 5)).outputs(2).run();
    assertThat(out.get(0).toFloatArray()).containsExactly(51.5f, 12.5f, 23.5f);
  }

  @Test
  void siluIsXTimesSigmoidX() {
    // Kernel [0, 1] gives the input back; silu(1) = 1/(1+e^-1) = 0.7310586.
    Tensor identity = floats(dims(1, 1, 2), 0, 1);
    float[] y = KernelFixture.op("CausalConvWithState", 27, X, identity)
        .attr(Attribute.of("activation", "silu")).outputs(2).run().get(0).toFloatArray();
    assertThat(y[0]).isCloseTo(0.7310586f, within(1e-6f));
  }

  @Test
  void everyPost112NodeTestGivesTheExpectedOutputs() throws IOException {
    NodeTestSweep.Outcome outcome = NodeTestSweep.run("test_causal_conv_with_state_");
    assertThat(outcome.tests()).isEqualTo(13);
    assertThat(outcome.failures()).isEmpty();
  }
}
