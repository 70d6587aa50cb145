package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;

/**
 * Whether INT64 data fits INT32, and where clamping it to INT32 keeps its meaning (TensorRT's
 * parser casts INT64 down; the repair stores such data as INT32).
 */
public final class Int32Range {
  private Int32Range() {}

  public static boolean fits(Tensor t) {
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
  public static long clamp(long x) {
    return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, x));
  }

  /** Whether every use of {@code v} is the starts or ends input of a Slice. */
  public static boolean onlySliceBounds(Value v) {
    if (v.uses().isEmpty() || v.isGraphOutput()) {
      return false;
    }
    for (Usage u : v.uses()) {
      if (!NodeInputs.is(u.node(), "Slice") || (u.inputIndex() != 1 && u.inputIndex() != 2)) {
        return false;
      }
    }
    return true;
  }
}
