package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Tensor;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LinearAttention: two tokens of one head with d_k = d_v = 1 and scale 1, so the state is a number
 * and each rule can be followed by hand (q = [1, 1], k = [1, 2], v = [3, 4]); and every node test
 * of the operator ONNX added after 1.12.
 */
class LinearAttentionKernelTest {
  private static final Tensor Q = floats(dims(1, 2, 1), 1, 1);
  private static final Tensor K = floats(dims(1, 2, 1), 1, 2);
  private static final Tensor V = floats(dims(1, 2, 1), 3, 4);

  private static List<Tensor> run(String rule, Tensor... optional) {
    Tensor[] inputs = new Tensor[3 + optional.length];
    inputs[0] = Q;
    inputs[1] = K;
    inputs[2] = V;
    System.arraycopy(optional, 0, inputs, 3, optional.length);
    return KernelFixture.op("LinearAttention", 27, inputs).attr(Attribute.of("update_rule", rule))
        .attr(Attribute.of("q_num_heads", 1L)).attr(Attribute.of("kv_num_heads", 1L))
        .attr(Attribute.of("scale", 1f)).outputs(2).run();
  }

  @Test
  void linearSumsTheOuterProducts() {
    // S1 = 1*3 = 3; S2 = 3 + 2*4 = 11; o_t = q_t S_t.
    List<Tensor> out = run("linear");
    assertThat(out.get(0).toFloatArray()).containsExactly(3, 11);
    assertThat(out.get(1).toFloatArray()).containsExactly(11);
  }

  @Test
  void gatedDecaysTheStateFirst() {
    // g = [0, ln 0.5]: S2 = 0.5 * 3 + 8 = 9.5.
    List<Tensor> out = run("gated", null, floats(dims(1, 2, 1), 0, (float) Math.log(0.5)));
    assertThat(out.get(0).toFloatArray()[1]).isEqualTo(9.5f);
  }

  @Test
  void deltaWritesTheCorrectionTowardV() {
    // beta = [1, 0.5]: S1 = 1*(3 - 0) = 3; retrieved 3*2 = 6; S2 = 3 + 2 * 0.5 * (4 - 6) = 1.
    List<Tensor> out = run("delta", null, null, floats(dims(1, 2, 1), 1, 0.5f));
    assertThat(out.get(0).toFloatArray()).containsExactly(3, 1);
    // With a past state of 1: S1 = 1 + 1*(3 - 1) = 3, the same.
    List<Tensor> withPast = run("delta", floats(dims(1, 1, 1, 1), 1), null, floats(dims(1, 2, 1), 1, 0.5f));
    assertThat(withPast.get(0).toFloatArray()).containsExactly(3, 1);
  }

  @Test
  void everyPost112NodeTestGivesTheExpectedOutputs() throws IOException {
    NodeTestSweep.Outcome outcome = NodeTestSweep.run("test_linear_attention_");
    assertThat(outcome.tests()).isEqualTo(14);
    assertThat(outcome.failures()).isEmpty();
  }
}
