package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static dev.scalpel.opset.eval.KernelFixture.longs;
import static dev.scalpel.opset.eval.KernelFixture.op;
import static dev.scalpel.opset.eval.KernelFixture.scalar;
import static dev.scalpel.opset.eval.KernelFixture.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.OpId;
import org.junit.jupiter.api.Test;

class KernelsTest {

  @Test
  void lookupPicksTheVersionInForce() {
    Kernels k = Kernels.standard();
    assertThat(k.lookup(OpId.onnx("Unsqueeze"), 11)).isPresent();
    assertThat(k.lookup(OpId.onnx("Expand"), 7)).isEmpty();
    assertThat(k.lookup(OpId.onnx("Conv"), 13)).isEmpty();
    assertThat(k.lookup(new OpId("com.microsoft", "Add"), 13)).isEmpty();
    assertThatThrownBy(() -> op("Expand", 7, vec(1), vec(2)).run()).isInstanceOf(EvaluationException.class)
        .hasMessageContaining("no kernel");
  }

  @Test
  void unsupportedRegistrationEndsAKernel() {
    Kernels k = Kernels.builder().add("Foo", 1, ctx -> java.util.List.of()).unsupported("Foo", 5).build();
    assertThat(k.lookup(OpId.onnx("Foo"), 4)).isPresent();
    assertThat(k.lookup(OpId.onnx("Foo"), 5)).isEmpty();
  }

  @Test
  void outputsOverTheBudgetAreRefusedBeforeAllocation() {
    long huge = 1L << 40;
    assertThatThrownBy(() -> op("ConstantOfShape", 9, vec(huge, huge)).limit(1000).run())
        .isInstanceOf(EvaluationException.class).hasMessageContaining("budget");
    assertThatThrownBy(() -> op("Expand", 13, vec(1), vec(huge, 1)).limit(1000).run())
        .isInstanceOf(EvaluationException.class).hasMessageContaining("budget");
    assertThatThrownBy(() -> op("Tile", 13, vec(1, 2), vec(huge)).limit(1000).run())
        .isInstanceOf(EvaluationException.class).hasMessageContaining("budget");
    assertThatThrownBy(() -> op("Range", 11, scalar(0), scalar(Long.MAX_VALUE / 2), scalar(1)).limit(1000).run())
        .isInstanceOf(EvaluationException.class).hasMessageContaining("budget");
    assertThat(op("Range", 11, scalar(0), scalar(10), scalar(3)).limit(4).single().toLongArray()).containsExactly(0, 3, 6, 9);
    assertThatThrownBy(() -> op("Range", 11, scalar(0), scalar(10), scalar(3)).limit(3).run())
        .isInstanceOf(EvaluationException.class);
  }

  @Test
  void generatorsBuildTheirValues() {
    Tensor filled = op("ConstantOfShape", 9, vec(2, 2)).attr(Attribute.of("value", longs(dims(1), 7))).single();
    assertThat(filled.toLongArray()).containsExactly(7, 7, 7, 7);
    assertThat(op("Constant", 13).attr(Attribute.ofInts("value_ints", 1, 2)).single().toLongArray()).containsExactly(1, 2);
    assertThat(op("Range", 11, scalar(5), scalar(1), scalar(-2)).single().toLongArray()).containsExactly(5, 3);
  }

  @Test
  void reductionsFollowTheirAxesMigration() {
    Tensor m = longs(dims(2, 3), 1, 2, 3, 4, 5, 6);
    assertThat(op("ReduceSum", 11, m).attr(Attribute.ofInts("axes", 1)).single().dims()).containsExactly(2, 1);
    assertThat(op("ReduceSum", 13, m, vec(-1)).attr(Attribute.of("keepdims", 0L)).single().toLongArray()).containsExactly(6, 15);
    assertThat(op("ReduceSum", 13, m, vec()).attr(Attribute.of("noop_with_empty_axes", 1L)).single().dims()).containsExactly(2, 3);
    assertThat(op("ReduceProd", 13, m).attr(Attribute.of("keepdims", 0L)).single().toLongArray()).containsExactly(720);
    assertThat(op("ReduceMax", 18, m, vec(0)).single().toLongArray()).containsExactly(4, 5, 6);
    assertThat(op("ReduceMin", 18, floats(dims(0), new float[0])).single().toFloatArray()).containsExactly(Float.POSITIVE_INFINITY);
  }

  @Test
  void normAndLogReductionsOfFloats() {
    Tensor m = floats(dims(2, 2), -3, 4, 1, -1);
    // Rows: |-3|+|4| = 7, |1|+|-1| = 2; sqrt(9+16) = 5, sqrt(1+1) = 1.4142135; log(-3+4) = 0, log(0) = -inf.
    assertThat(op("ReduceL1", 18, m, vec(1)).attr(Attribute.of("keepdims", 0L)).single().toFloatArray()).containsExactly(7f, 2f);
    assertThat(op("ReduceL2", 18, m, vec(1)).attr(Attribute.of("keepdims", 0L)).single().toFloatArray())
        .containsExactly(5f, (float) Math.sqrt(2));
    assertThat(op("ReduceLogSum", 18, m, vec(1)).attr(Attribute.of("keepdims", 0L)).single().toFloatArray())
        .containsExactly(0f, Float.NEGATIVE_INFINITY);
    // log(e^1000 + e^1000) = 1000 + log 2: finite although e^1000 overflows a double.
    Tensor big = floats(dims(2), 1000, 1000);
    assertThat(op("ReduceLogSumExp", 18, big).attr(Attribute.of("keepdims", 0L)).single().toFloatArray())
        .containsExactly((float) (1000 + Math.log(2)));
    // log(e^0 + e^ln3) = log 4.
    assertThat(op("ReduceLogSumExp", 18, floats(dims(2), 0, (float) Math.log(3))).single().toFloatArray()[0])
        .isCloseTo((float) Math.log(4), org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void emptyNormAndLogReductionsGiveTheSpecsIdentities() {
    Tensor empty = floats(dims(2, 0, 4), new float[0]);
    // The node tests' *_empty_set: reduced over axis 1 (empty), keepdims: [2,1,4] of 0 (L1, L2) or -inf (LogSum, LogSumExp).
    float[] zeros = new float[8];
    float[] minusInf = new float[8];
    java.util.Arrays.fill(minusInf, Float.NEGATIVE_INFINITY);
    assertThat(op("ReduceL1", 18, empty, vec(1)).single().toFloatArray()).containsExactly(zeros);
    assertThat(op("ReduceL2", 18, empty, vec(1)).single().toFloatArray()).containsExactly(zeros);
    assertThat(op("ReduceLogSum", 18, empty, vec(1)).single().toFloatArray()).containsExactly(minusInf);
    assertThat(op("ReduceLogSumExp", 18, empty, vec(1)).single().dims()).containsExactly(2, 1, 4);
    assertThat(op("ReduceLogSumExp", 18, empty, vec(1)).single().toFloatArray()).containsExactly(minusInf);
  }

  @Test
  void normAndLogReductionsLeaveIntegersToTheFallback() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> op("ReduceL1", 18, longs(dims(2), 1, 2)).single())
        .isInstanceOfSatisfying(EvaluationException.class, e -> assertThat(e.unsupported()).isTrue());
  }
}
