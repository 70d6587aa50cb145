package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static dev.scalpel.opset.eval.KernelFixture.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scalpel.graph.Tensor;
import org.junit.jupiter.api.Test;

/** MatMul on products worked out by hand ([[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]]). */
class MatMulKernelTest {
  private static final Tensor A = floats(dims(2, 2), 1, 2, 3, 4);
  private static final Tensor B = floats(dims(2, 2), 5, 6, 7, 8);

  @Test
  void multipliesMatrices() {
    Tensor y = KernelFixture.op("MatMul", 13, A, B).single();
    assertThat(y.dims()).containsExactly(2, 2);
    assertThat(y.toFloatArray()).containsExactly(19, 22, 43, 50);
  }

  @Test
  void oneDimensionalOperandsLoseTheirAxis() {
    Tensor row = KernelFixture.op("MatMul", 13, floats(dims(2), 1, 2), B).single();
    assertThat(row.dims()).containsExactly(2);
    assertThat(row.toFloatArray()).containsExactly(19, 22);
    Tensor column = KernelFixture.op("MatMul", 13, A, floats(dims(2), 1, 1)).single();
    assertThat(column.dims()).containsExactly(2);
    assertThat(column.toFloatArray()).containsExactly(3, 7);
    Tensor dot = KernelFixture.op("MatMul", 13, floats(dims(2), 1, 2), floats(dims(2), 3, 4)).single();
    assertThat(dot.dims()).isEmpty();
    assertThat(dot.toFloatArray()).containsExactly(11);
  }

  @Test
  void leadingAxesBroadcast() {
    // Two 1x2 rows against one 2x2 matrix: [1,2] B = [19,22]; [3,4] B = [43,50].
    Tensor y = KernelFixture.op("MatMul", 13, floats(dims(2, 1, 2), 1, 2, 3, 4), B).single();
    assertThat(y.dims()).containsExactly(2, 1, 2);
    assertThat(y.toFloatArray()).containsExactly(19, 22, 43, 50);
  }

  @Test
  void integersWrapToTheirType() {
    // 65536 * 65536 = 2^32, which is 0 in int32.
    Tensor y = KernelFixture.op("MatMul", 13, ints(dims(1, 1), 65536), ints(dims(1, 1), 65536)).single();
    assertThat(y.toLongArray()).containsExactly(0L);
  }

  @Test
  void aProductBeyondTheLimitIsLeftToAnotherEvaluator() {
    EvaluationException e = catchThrowableOfType(() -> KernelFixture.op("MatMul", 13,
        floats(dims(1000, 1000), new float[1_000_000]), floats(dims(1000, 100), new float[100_000])).single(),
        EvaluationException.class);
    assertThat(e.unsupported()).isTrue();
  }
}
