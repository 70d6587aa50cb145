package dev.scalpel.opset.infer.rules;

/** Axis arguments of ONNX operators: negative values count from the end. */
final class Axes {
  private Axes() {}

  /** {@code axis} as an index into a shape of {@code rank} dims, or -1 when out of range. */
  static int normalize(long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    return a < 0 || a >= rank ? -1 : (int) a;
  }
}
