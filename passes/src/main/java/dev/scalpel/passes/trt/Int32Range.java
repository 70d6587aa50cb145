package dev.scalpel.passes.trt;

import dev.scalpel.graph.Tensor;

/** Whether INT64 data fits INT32. */
final class Int32Range {
  private Int32Range() {}

  static boolean fits(Tensor t) {
    for (long x : t.toLongArray()) {
      if (x != (int) x) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code x} clamped to INT32. NOTE: in Slice bounds this never changes the meaning: ONNX clamps
   * starts and ends to the dim (no dim reaches 2^31), so any value beyond INT32 acts like the
   * INT32 limit on its side.
   */
  static long clamp(long x) {
    return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, x));
  }
}
