package dev.scalpel.opset.eval;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.HalfFloats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Compares a computed tensor with an expected one: same element type and dims; integers, bools
 * and strings exactly; floats within {@code |a-b| <= atol + rtol*|b|} (NaN equals NaN), with
 * tolerances scaled to the 16-bit formats' precision.
 */
final class TensorComparison {
  private TensorComparison() {}

  /** Null when they match, else what differs. */
  static String difference(Tensor actual, Tensor expected) {
    if (actual.dataType() != expected.dataType()) {
      return "type " + actual.dataType() + ", expected " + expected.dataType();
    }
    if (!Arrays.equals(actual.dims(), expected.dims())) {
      return "dims " + Arrays.toString(actual.dims()) + ", expected " + Arrays.toString(expected.dims());
    }
    DataType type = expected.dataType();
    if (type == DataType.STRING) {
      List<byte[]> a = actual.strings();
      List<byte[]> e = expected.strings();
      for (int i = 0; i < e.size(); i++) {
        if (!Arrays.equals(a.get(i), e.get(i))) {
          return "string " + i + " '" + new String(a.get(i)) + "', expected '" + new String(e.get(i)) + "'";
        }
      }
      return null;
    }
    int n = (int) expected.elementCount();
    ByteBuffer a = actual.data().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer e = expected.data().order(ByteOrder.LITTLE_ENDIAN);
    if (!type.isFloatingPoint()) {
      for (int i = 0; i < type.byteSize(n); i++) {
        if (a.get(a.position() + i) != e.get(e.position() + i)) {
          return "byte " + i + " differs";
        }
      }
      return null;
    }
    double atol = type == DataType.FLOAT || type == DataType.DOUBLE ? 1e-6 : 1e-3;
    double rtol = type == DataType.FLOAT || type == DataType.DOUBLE ? 1e-5 : type == DataType.FLOAT16 ? 1e-3 : 1e-2;
    for (int i = 0; i < n; i++) {
      double x = element(a, type, i);
      double y = element(e, type, i);
      boolean same = Double.isNaN(x) ? Double.isNaN(y) : x == y || Math.abs(x - y) <= atol + rtol * Math.abs(y);
      if (!same) {
        return "element " + i + " is " + x + ", expected " + y;
      }
    }
    return null;
  }

  /**
   * Null when every element of {@code expected} (float) is a four-decimal number and {@code actual}
   * lies within {@code tolerance} of it, else what differs.
   */
  static String fourDecimalDifference(Tensor actual, Tensor expected, double tolerance) {
    if (actual.dataType() != DataType.FLOAT || expected.dataType() != DataType.FLOAT
        || !Arrays.equals(actual.dims(), expected.dims())) {
      return "not float tensors of the same dims";
    }
    ByteBuffer a = actual.data().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer e = expected.data().order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < expected.elementCount(); i++) {
      double x = element(a, DataType.FLOAT, i);
      double y = element(e, DataType.FLOAT, i);
      if ((float) (Math.rint(y * 1e4) / 1e4) != (float) y) {
        return "expected element " + i + " (" + y + ") has more than four decimals";
      }
      if (!(Math.abs(x - y) <= tolerance)) {
        return "element " + i + " is " + x + ", expected " + y + " within " + tolerance;
      }
    }
    return null;
  }

  private static double element(ByteBuffer b, DataType type, int i) {
    int p = b.position();
    switch (type) {
      case FLOAT: return b.getFloat(p + 4 * i);
      case DOUBLE: return b.getDouble(p + 8 * i);
      case FLOAT16: return HalfFloats.halfToFloat(b.getShort(p + 2 * i));
      case BFLOAT16: return HalfFloats.bfloat16ToFloat(b.getShort(p + 2 * i));
      default: throw new IllegalArgumentException("no float comparison for " + type);
    }
  }
}
