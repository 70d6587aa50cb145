package dev.scalpel.runtime.fold;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Set;

/**
 * The node tests whose expected outputs ONNX wrote by hand to four decimals (test_roialign_aligned_false,
 * test_roialign_aligned_true, test_gridsample_bicubic, test_averagepool_2d_ceil_last_window_starts_on_pad):
 * every element is a four-decimal number, up to 8.4e-5 from the value of the stored inputs computed
 * in double (measured: rounding, plus float32 noise at a rounding boundary, plus, for the AveragePool
 * test, inputs the authors rounded after computing the output: 0.2841 where the stored inputs give
 * 0.2840444). No exact evaluation matches them within 1e-5. A fold is right when those elements are
 * four-decimal numbers and it lies within {@link #TOLERANCE} of every one; the kernels themselves are
 * checked by hand in opset's PoolKernelsTest, RoiAlignKernelTest and GridSampleKernelTest.
 */
final class FourDecimalReference {
  private FourDecimalReference() {}

  static final Set<String> TESTS = Set.of("test_roialign_aligned_false", "test_roialign_aligned_true",
      "test_gridsample_bicubic", "test_averagepool_2d_ceil_last_window_starts_on_pad");

  /** Half a unit of the fourth decimal, plus the measured excess (8.4e-5 at most), rounded up. */
  static final double TOLERANCE = 1e-4;

  /** Whether {@code test} is one of {@link #TESTS} and {@code folded} agrees with its four-decimal {@code expected}. */
  static boolean agrees(String test, Tensor folded, Tensor expected) {
    if (!TESTS.contains(test) || folded.dataType() != DataType.FLOAT || expected.dataType() != DataType.FLOAT
        || !Arrays.equals(folded.dims(), expected.dims())) {
      return false;
    }
    ByteBuffer a = folded.data().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer e = expected.data().order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < expected.elementCount(); i++) {
      float x = a.getFloat(a.position() + 4 * i);
      float y = e.getFloat(e.position() + 4 * i);
      if ((float) (Math.rint(y * 1e4) / 1e4) != y || !(Math.abs((double) x - y) <= TOLERANCE)) {
        return false;
      }
    }
    return true;
  }
}
