package dev.scalpel.runtime.fold;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.Map;
import java.util.Optional;

/**
 * The window-function node tests (test_hannwindow, test_hammingwindow, test_blackmanwindow, their
 * _symmetric and _expanded variants), whose expected outputs ONNX generated with pi written as
 * 3.1415: measured, they equal {@code a0 - a1 cos(2 * 3.1415 n / N) + a2 cos(4 * 3.1415 n / N)}
 * exactly and lie up to 7.4e-5 from the spec's formula with pi. A fold that equals the spec's
 * formula and differs from such an expected output is right, not wrong.
 */
final class WindowTestReference {
  private WindowTestReference() {}

  /** a0, a1, a2 of each window, as the spec gives them. */
  private static final Map<String, double[]> COEFFICIENTS = Map.of(
      "test_hannwindow", new double[] {0.5, 0.5, 0},
      "test_hammingwindow", new double[] {25.0 / 46.0, 21.0 / 46.0, 0},
      "test_blackmanwindow", new double[] {0.42, 0.5, 0.08});

  /** The window the spec defines for {@code test}, computed with {@code pi}, or empty for another test. */
  static Optional<Tensor> window(String test, int size, double pi) {
    String base = test.replace("_expanded", "").replace("_symmetric", "");
    double[] a = COEFFICIENTS.get(base);
    if (a == null) {
      return Optional.empty();
    }
    int period = test.contains("_symmetric") ? size - 1 : size;
    float[] w = new float[size];
    for (int n = 0; n < size; n++) {
      w[n] = (float) (a[0] - a[1] * Math.cos(2 * pi * n / period) + a[2] * Math.cos(4 * pi * n / period));
    }
    return Optional.of(DenseTensor.ofFloats("", new long[] {size}, w));
  }

  /**
   * Whether {@code expected} is the 3.1415 formula and {@code folded} the spec's, for a window
   * test; {@code equal} compares two tensors within the tight tolerance.
   */
  static boolean offSpecReferenceOnly(String test, Tensor folded, Tensor expected,
      java.util.function.BiPredicate<Tensor, Tensor> equal) {
    if (expected.dataType() != DataType.FLOAT || expected.dims().length != 1) {
      return false;
    }
    int size = (int) expected.dims()[0];
    Optional<Tensor> spec = window(test, size, Math.PI);
    Optional<Tensor> generated = window(test, size, 3.1415);
    return spec.isPresent() && equal.test(folded, spec.get()) && equal.test(expected, generated.get());
  }
}
