package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.HalfFloats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The elements of a constant numeric tensor as doubles, whatever its element type, for rules
 * that decide sizes from constant data (Range bounds, Resize scales, Compress conditions).
 */
final class TensorNumbers {
  private TensorNumbers() {}

  /** Tensors above this many elements are not read. */
  static final long MAX_ELEMENTS = 1 << 16;

  /** Every element as a double; empty for non-numeric, unread or oversized tensors. */
  static Optional<double[]> of(Tensor t) {
    if (t.isExternal() || t.elementCount() > MAX_ELEMENTS) {
      return Optional.empty();
    }
    int n = (int) t.elementCount();
    ByteBuffer b;
    try {
      b = t.data().order(ByteOrder.LITTLE_ENDIAN);
    } catch (UnsupportedOperationException e) {
      return Optional.empty();
    }
    // NOTE: absolute reads are offset by the position: a tensor read from a file may start mid-buffer.
    int p = b.position();
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      switch (t.dataType()) {
        case FLOAT:
          out[i] = b.getFloat(p + 4 * i);
          break;
        case DOUBLE:
          out[i] = b.getDouble(p + 8 * i);
          break;
        case FLOAT16:
          out[i] = HalfFloats.halfToFloat(b.getShort(p + 2 * i));
          break;
        case BFLOAT16:
          out[i] = HalfFloats.bfloat16ToFloat(b.getShort(p + 2 * i));
          break;
        case INT64:
        case UINT64:
          out[i] = b.getLong(p + 8 * i);
          break;
        case INT32:
          out[i] = b.getInt(p + 4 * i);
          break;
        case UINT32:
          out[i] = Integer.toUnsignedLong(b.getInt(p + 4 * i));
          break;
        case INT16:
          out[i] = b.getShort(p + 2 * i);
          break;
        case UINT16:
          out[i] = Short.toUnsignedInt(b.getShort(p + 2 * i));
          break;
        case INT8:
          out[i] = b.get(p + i);
          break;
        case UINT8:
        case BOOL:
          out[i] = Byte.toUnsignedInt(b.get(p + i));
          break;
        default:
          return Optional.empty();
      }
    }
    return Optional.of(out);
  }
}
