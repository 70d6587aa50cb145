package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Attention kernel: small cases worked out by hand (one query, two keys, scale 1, so the
 * scores are the dot products), and every Attention node test ONNX added after 1.12 (the committed
 * copy in testdata/onnx-node-tests-post-1.12), whose expected outputs are the reference.
 */
class AttentionKernelTest {
  /** Q = [1, 0]; K = [[1, 0], [0, 1]]: scores [1, 0]. V = [[10], [20]]. */
  private static final Tensor Q = floats(dims(1, 1, 1, 2), 1, 0);
  private static final Tensor K = floats(dims(1, 1, 2, 2), 1, 0, 0, 1);
  private static final Tensor V = floats(dims(1, 1, 2, 1), 10, 20);

  private static Tensor bools(long[] dims, boolean... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) (v[i] ? 1 : 0);
    }
    return DenseTensor.wrap("", DataType.BOOL, dims, ByteBuffer.wrap(b));
  }

  private static KernelFixture attention(int opset, Tensor... inputs) {
    return KernelFixture.op("Attention", opset, inputs).attr(Attribute.of("scale", 1f));
  }

  @Test
  void softmaxOfTheDotProductsWeighsTheValues() {
    // softmax([1, 0]) = [e/(e+1), 1/(e+1)]; 10 e/(e+1) + 20/(e+1) = 12.689414...
    assertThat(attention(23, Q, K, V).single().toFloatArray()[0]).isCloseTo(12.689414f, within(1e-5f));
  }

  @Test
  void softcapIsTanhOfTheScoresTimesTheCap() {
    // softcap 1: scores [tanh 1, 0]; p0 = 1/(1+exp(-tanh 1)); 20 - 10 p0 = 13.183003...
    Tensor y = attention(23, Q, K, V).attr(Attribute.of("softcap", 1f)).single();
    assertThat(y.toFloatArray()[0]).isCloseTo(13.183003f, within(1e-5f));
  }

  @Test
  void aFalseMaskEntryStaysMaskedUnderSoftcap() {
    // NOTE: the spec applies softcap before the mask, so -inf stays -inf: all weight on key 0.
    Tensor y = attention(24, Q, K, V, bools(dims(1, 2), true, false)).attr(Attribute.of("softcap", 1f)).single();
    assertThat(y.toFloatArray()[0]).isEqualTo(10f);
  }

  @Test
  void aFullyMaskedRowIsZeroNotNaN() {
    List<Tensor> out = attention(23, Q, K, V, bools(dims(1, 2), false, false))
        .attr(Attribute.of("qk_matmul_output_mode", 3L)).outputs(4).run();
    assertThat(out.get(0).toFloatArray()).containsExactly(0f);
    assertThat(out.get(3).toFloatArray()).containsExactly(0f, 0f);
  }

  @Test
  void version24PadsAShortMaskWithMinusInfinity() {
    // A mask of one column covers key 0 only; key 1 is padded with -inf: Y = V[0] = 10. Version 23
    // broadcasts the same mask over both keys instead (a zero bias): 12.689414...
    Tensor mask = floats(dims(1, 1), 0f);
    assertThat(attention(24, Q, K, V, mask).single().toFloatArray()[0]).isEqualTo(10f);
    assertThat(attention(23, Q, K, V, mask).single().toFloatArray()[0]).isCloseTo(12.689414f, within(1e-5f));
  }

  @Test
  void causalMaskIsBottomRightAlignedAfterThePast() {
    // One past key (K[0]) and one new key (K[1]): the query sits after both and sees both.
    Tensor pastKey = floats(dims(1, 1, 1, 2), 1, 0);
    Tensor pastValue = floats(dims(1, 1, 1, 1), 10);
    Tensor newKey = floats(dims(1, 1, 1, 2), 0, 1);
    Tensor newValue = floats(dims(1, 1, 1, 1), 20);
    List<Tensor> out = attention(23, Q, newKey, newValue, null, pastKey, pastValue)
        .attr(Attribute.of("is_causal", 1L)).outputs(3).run();
    assertThat(out.get(0).toFloatArray()[0]).isCloseTo(12.689414f, within(1e-5f));
    assertThat(out.get(1).toFloatArray()).containsExactly(1, 0, 0, 1);
    assertThat(out.get(2).toFloatArray()).containsExactly(10, 20);
    // Without the past, the first of two queries sees key 0 only.
    Tensor twoQueries = floats(dims(1, 1, 2, 2), 0, 1, 0, 1);
    float[] y = attention(23, twoQueries, K, V).attr(Attribute.of("is_causal", 1L)).single().toFloatArray();
    assertThat(y[0]).isEqualTo(10f);
    // Second query: scores [0, 1]: 10/(e+1) + 20 e/(e+1) = 17.310586...
    assertThat(y[1]).isCloseTo(17.310586f, within(1e-5f));
  }

  @Test
  void everyPost112AttentionNodeTestGivesTheExpectedOutputs() throws IOException {
    NodeTestSweep.Outcome outcome = NodeTestSweep.run("test_attention_");
    assertThat(outcome.tests()).isGreaterThan(70);
    assertThat(outcome.failures()).isEmpty();
  }
}
