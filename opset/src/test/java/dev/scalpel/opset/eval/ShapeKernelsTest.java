package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static dev.scalpel.opset.eval.KernelFixture.longs;
import static dev.scalpel.opset.eval.KernelFixture.op;
import static dev.scalpel.opset.eval.KernelFixture.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Tensor;
import org.junit.jupiter.api.Test;

class ShapeKernelsTest {
  private static final Tensor T234 = floats(dims(2, 3, 4), new float[24]);

  private static long[] reshape(Tensor data, long[] shape, int opset) {
    return op("Reshape", opset, data, vec(shape)).single().dims();
  }

  @Test
  void reshapeCopiesZeroAndInfersMinusOne() {
    assertThat(reshape(T234, new long[] {0, -1}, 13)).containsExactly(2, 12);
    assertThat(reshape(T234, new long[] {-1, 0, 2}, 13)).containsExactly(4, 3, 2);
  }

  @Test
  void reshapeWithAllowZeroKeepsZeroDims() {
    Tensor empty = floats(dims(0, 3), new float[0]);
    assertThat(op("Reshape", 14, empty, vec(3, 0)).attr(Attribute.of("allowzero", 1L)).single().dims()).containsExactly(3, 0);
    assertThatThrownBy(() -> op("Reshape", 14, empty, vec(0, -1)).attr(Attribute.of("allowzero", 1L)).run())
        .isInstanceOf(EvaluationException.class);
    // Without allowzero the 0 copies the input's dim.
    assertThat(reshape(empty, new long[] {0, 3}, 14)).containsExactly(0, 3);
  }

  @Test
  void reshapeRejectsBadShapes() {
    assertThatThrownBy(() -> reshape(T234, new long[] {-1, -1}, 13)).isInstanceOf(EvaluationException.class);
    assertThatThrownBy(() -> reshape(T234, new long[] {5, -1}, 13)).isInstanceOf(EvaluationException.class);
  }

  @Test
  void shapeHonoursStartAndEndFrom15() {
    assertThat(op("Shape", 15, T234).attr(Attribute.of("start", -2L)).single().toLongArray()).containsExactly(3, 4);
    assertThat(op("Shape", 15, T234).attr(Attribute.of("end", 100L)).single().toLongArray()).containsExactly(2, 3, 4);
    assertThat(op("Shape", 1, T234).single().toLongArray()).containsExactly(2, 3, 4);
    assertThat(op("Size", 13, T234).single().toLongArray()).containsExactly(24);
  }

  @Test
  void squeezeAndUnsqueezeTakeAxesAsAttributeThenInput() {
    Tensor t = longs(dims(1, 3, 1), 1, 2, 3);
    assertThat(op("Squeeze", 11, t).single().dims()).containsExactly(3);
    assertThat(op("Squeeze", 11, t).attr(Attribute.ofInts("axes", -1)).single().dims()).containsExactly(1, 3);
    assertThat(op("Squeeze", 13, t, vec(0)).single().dims()).containsExactly(3, 1);
    assertThatThrownBy(() -> op("Squeeze", 13, t, vec(1)).run()).isInstanceOf(EvaluationException.class);
    assertThat(op("Unsqueeze", 11, vec(1, 2)).attr(Attribute.ofInts("axes", 0, -1)).single().dims()).containsExactly(1, 2, 1);
    assertThat(op("Unsqueeze", 13, vec(1, 2), vec(1)).single().dims()).containsExactly(2, 1);
  }

  @Test
  void flattenAndTransposeAndConcat() {
    assertThat(op("Flatten", 13, T234).attr(Attribute.of("axis", -1L)).single().dims()).containsExactly(6, 4);
    Tensor m = longs(dims(2, 3), 1, 2, 3, 4, 5, 6);
    Tensor t = op("Transpose", 13, m).single();
    assertThat(t.dims()).containsExactly(3, 2);
    assertThat(t.toLongArray()).containsExactly(1, 4, 2, 5, 3, 6);
    Tensor c = op("Concat", 13, m, longs(dims(2, 1), 7, 8)).attr(Attribute.of("axis", -1L)).single();
    assertThat(c.toLongArray()).containsExactly(1, 2, 3, 7, 4, 5, 6, 8);
  }

  @Test
  void splitEquallyByInputOrByNumOutputs() {
    Tensor v = vec(1, 2, 3, 4, 5);
    assertThat(op("Split", 13, v, vec(2, 3)).outputs(2).run()).extracting(Tensor::elementCount).containsExactly(2L, 3L);
    assertThat(op("Split", 18, v).attr(Attribute.of("num_outputs", 2L)).outputs(2).run())
        .extracting(Tensor::elementCount).containsExactly(3L, 2L);
    assertThatThrownBy(() -> op("Split", 13, v).outputs(2).run()).isInstanceOf(EvaluationException.class);
  }
}
