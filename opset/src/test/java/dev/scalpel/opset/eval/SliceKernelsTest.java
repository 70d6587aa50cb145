package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.longs;
import static dev.scalpel.opset.eval.KernelFixture.op;
import static dev.scalpel.opset.eval.KernelFixture.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Tensor;
import org.junit.jupiter.api.Test;

class SliceKernelsTest {
  private static final Tensor DATA = vec(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

  private static long[] slice(long start, long end, long step) {
    return op("Slice", 13, DATA, vec(start), vec(end), vec(0), vec(step)).single().toLongArray();
  }

  @Test
  void negativeIndicesCountFromTheEnd() {
    assertThat(slice(-3, -1, 1)).containsExactly(7, 8);
  }

  @Test
  void outOfRangeBoundsClamp() {
    assertThat(slice(-100, 3, 1)).containsExactly(0, 1, 2);
    assertThat(slice(8, 100, 1)).containsExactly(8, 9);
    assertThat(slice(20, 30, 1)).isEmpty();
  }

  @Test
  void intMaxEndsRunToTheEnd() {
    assertThat(slice(7, Integer.MAX_VALUE, 1)).containsExactly(7, 8, 9);
    assertThat(slice(7, Long.MAX_VALUE, 1)).containsExactly(7, 8, 9);
  }

  @Test
  void negativeStepsWalkBackwards() {
    assertThat(slice(-1, Long.MIN_VALUE, -1)).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    assertThat(slice(100, 2, -3)).containsExactly(9, 6, 3);
    assertThat(slice(2, 5, -1)).isEmpty();
  }

  @Test
  void slicesOneAxisOfAMatrix() {
    Tensor m = longs(dims(2, 3), 1, 2, 3, 4, 5, 6);
    Tensor out = op("Slice", 13, m, vec(1), vec(Long.MAX_VALUE), vec(-1)).single();
    assertThat(out.dims()).containsExactly(2, 2);
    assertThat(out.toLongArray()).containsExactly(2, 3, 5, 6);
  }

  @Test
  void version1TakesAttributes() {
    Tensor out = op("Slice", 1, DATA).attr(Attribute.ofInts("starts", 1)).attr(Attribute.ofInts("ends", -1)).single();
    assertThat(out.toLongArray()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void zeroStepAndRepeatedAxesAreErrors() {
    assertThatThrownBy(() -> slice(0, 1, 0)).isInstanceOf(EvaluationException.class).hasMessageContaining("step 0");
    assertThatThrownBy(() -> op("Slice", 13, DATA, vec(0, 0), vec(1, 1), vec(0, -1)).run())
        .isInstanceOf(EvaluationException.class).hasMessageContaining("repeated");
  }
}
