package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Whether a constant tensor holds one value everywhere (the neutral operands of Add, Mul...).
 * Finding the constant behind a value is {@link dev.scalpel.graph.Constants}' job.
 */
final class UniformTensors {
  private UniformTensors() {}

  /**
   * Whether every element of a numeric tensor equals {@code wanted} (0 or 1 in practice); false
   * for types it cannot read (strings, bool, complex, 8-bit and smaller floats). For floats both
   * zeros equal 0.
   */
  static boolean allEqual(Tensor t, long wanted) {
    DataType type = t.dataType();
    if (FloatingTensors.SUPPORTED.contains(type)) {
      for (double d : FloatingTensors.toDoubles(t)) {
        if (d != wanted) {
          return false;
        }
      }
      return true;
    }
    int width;
    switch (type) {
      case INT8, UINT8 -> width = 1;
      case INT16, UINT16 -> width = 2;
      case INT32, UINT32 -> width = 4;
      case INT64, UINT64 -> width = 8;
      default -> {
        return false;
      }
    }
    ByteBuffer b = t.data().order(ByteOrder.LITTLE_ENDIAN);
    int base = b.position();
    long n = t.elementCount();
    for (int i = 0; i < n; i++) {
      int at = base + i * width;
      // NOTE: 0 and 1 have the same bits signed or unsigned, so the sign extension here is harmless.
      long v = switch (width) {
        case 1 -> b.get(at);
        case 2 -> b.getShort(at);
        case 4 -> b.getInt(at);
        default -> b.getLong(at);
      };
      if (v != wanted) {
        return false;
      }
    }
    return true;
  }
}
