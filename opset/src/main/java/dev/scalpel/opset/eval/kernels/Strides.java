package dev.scalpel.opset.eval.kernels;

/** Row-major strides of a dims array, and conversions between linear indices and coordinates. */
final class Strides {
  private Strides() {}

  /** Elements between consecutive indices of each axis. */
  static long[] of(long[] dims) {
    long[] s = new long[dims.length];
    long acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims[i];
    }
    return s;
  }

  /** The element count of {@code dims}. */
  static long count(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Product of {@code dims[from..to)}. */
  static long count(long[] dims, int from, int to) {
    long n = 1;
    for (int i = from; i < to; i++) {
      n = Math.multiplyExact(n, dims[i]);
    }
    return n;
  }
}
