package dev.scalpel.runtime.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.tensor.HalfFloats;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.simplify.SimplifyOptions;
import dev.scalpel.runtime.simplify.SimplifyResult;
import dev.scalpel.runtime.simplify.Simplifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BatchNormalization fused into a float16 Conv gives float16 weights and bias, with values checked
 * by hand, and the same outputs through ONNX Runtime under the float16 default tolerance.
 */
class ConvBatchNormFloat16Test {
  private static Tensor halfs(String name, long[] dims, float... v) {
    ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putShort(HalfFloats.floatToHalf(f));
    }
    return DenseTensor.wrap(name, DataType.FLOAT16, dims, b.flip());
  }

  private static float[] read(Tensor t) {
    ByteBuffer b = t.data().slice().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = HalfFloats.halfToFloat(b.getShort(2 * i));
    }
    return out;
  }

  /**
   * x float16[1,1,3,3] → Conv(W = [1.5, -2] as [2,1,1,1]) → BN(γ [3, 0.5], β [0.25, 1], μ [0.5, -1],
   * σ² [4, 0.25], ε 0) → Relu → y. By hand: s = γ/√σ² = [1.5, 1]; W' = W·s = [2.25, -2];
   * b' = (0 − μ)·s + β = [−0.5, 2]; all exact in float16.
   */
  private static Model model() {
    GraphBuilder b = GraphBuilder.create(15);
    Value x = b.input("x", DataType.FLOAT16, Shape.of(1, 1, 3, 3));
    Value w = b.initializer("w", halfs("w", new long[] {2, 1, 1, 1}, 1.5f, -2f));
    Value conv = b.op("Conv", x, w);
    Value bn = b.op("BatchNormalization", List.of(conv, b.initializer("g", halfs("g", new long[] {2}, 3f, 0.5f)),
        b.initializer("beta", halfs("beta", new long[] {2}, 0.25f, 1f)), b.initializer("mu", halfs("mu", new long[] {2}, 0.5f, -1f)),
        b.initializer("var", halfs("var", new long[] {2}, 4f, 0.25f))), Attribute.of("epsilon", 0f));
    Value y = b.op("Relu", bn);
    y.setName("y");
    b.output(y);
    return b.model();
  }

  @Test
  void fusedWeightsStayFloat16WithTheHandComputedValues() {
    SimplifyResult r = Simplifier.simplify(model(), SimplifyOptions.defaults());
    EquivalenceReport check = r.report().validation().orElseThrow();
    assertThat(check.passed()).as(check.toString()).isTrue();
    assertThat(r.model().graph().nodes()).extracting(Node::opType).containsExactly("Conv", "Relu");
    Node conv = r.model().graph().nodes().get(0);
    Tensor w = conv.input(1).constantValue().orElseThrow();
    Tensor bias = conv.input(2).constantValue().orElseThrow();
    assertThat(w.dataType()).isEqualTo(DataType.FLOAT16);
    assertThat(bias.dataType()).isEqualTo(DataType.FLOAT16);
    assertThat(read(w)).containsExactly(2.25f, -2f);
    assertThat(read(bias)).containsExactly(-0.5f, 2f);
  }
}
