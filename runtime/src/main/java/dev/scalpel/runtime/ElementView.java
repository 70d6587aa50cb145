package dev.scalpel.runtime;

import dev.scalpel.graph.tensor.HalfFloats;
import dev.scalpel.graph.tensor.PackedElements;
import dev.scalpel.graph.tensor.SmallFloats;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the elements of a numeric or boolean tensor one by one, as {@code double} (floats,
 * widened) or {@code long} (integers and booleans, exact). Supports FLOAT, DOUBLE, FLOAT16,
 * BFLOAT16, the float8, float4e2m1 and float8e8m0 formats ({@link SmallFloats}), the 2 to 64-bit
 * signed and unsigned integers, and BOOL.
 */
final class ElementView {
  private final DataType type;
  private final ByteBuffer data;
  private final int count;

  ElementView(Tensor tensor) {
    this.type = tensor.dataType();
    if (!supports(type)) {
      throw new UnsupportedOperationException("cannot compare elements of type " + type.displayName());
    }
    this.count = tensor.arrayLength();
    // NOTE: a tensor read from a file is a view whose data starts at the buffer's position, not 0.
    this.data = tensor.data().slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  static boolean supports(DataType type) {
    switch (type) {
      case FLOAT: case DOUBLE: case FLOAT16: case BFLOAT16:
      case INT8: case INT16: case INT32: case INT64:
      case UINT8: case UINT16: case UINT32: case UINT64: case BOOL:
      case INT4: case UINT4: case INT2: case UINT2:
        return true;
      case FLOAT8E4M3FN: case FLOAT8E4M3FNUZ: case FLOAT8E5M2: case FLOAT8E5M2FNUZ: case FLOAT4E2M1: case FLOAT8E8M0:
        return true;
      default:
        return false;
    }
  }

  int size() {
    return count;
  }

  /** Whether elements are exact values (integers, booleans) rather than floating point. */
  boolean isExact() {
    return !type.isFloatingPoint();
  }

  double getDouble(int i) {
    switch (type) {
      case FLOAT: return data.getFloat(i * 4);
      case DOUBLE: return data.getDouble(i * 8);
      case FLOAT16: return HalfFloats.halfToFloat(data.getShort(i * 2));
      case BFLOAT16: return HalfFloats.bfloat16ToFloat(data.getShort(i * 2));
      case FLOAT4E2M1: return SmallFloats.toFloat(type, PackedElements.bits(data, 0, type, i));
      case FLOAT8E4M3FN: case FLOAT8E4M3FNUZ: case FLOAT8E5M2: case FLOAT8E5M2FNUZ: case FLOAT8E8M0:
        return SmallFloats.toFloat(type, data.get(i) & 0xff);
      case UINT64: {
        long v = getLong(i);
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
      }
      default: return getLong(i);
    }
  }

  /** The element as a long; UINT64 keeps its bit pattern. Only for exact types. */
  long getLong(int i) {
    switch (type) {
      case INT8: return data.get(i);
      case UINT8: case BOOL: return data.get(i) & 0xff;
      case INT16: return data.getShort(i * 2);
      case UINT16: return data.getShort(i * 2) & 0xffff;
      case INT32: return data.getInt(i * 4);
      case UINT32: return data.getInt(i * 4) & 0xffffffffL;
      case INT64: case UINT64: return data.getLong(i * 8);
      case INT4: case UINT4: case INT2: case UINT2: return PackedElements.integer(data, 0, type, i);
      default: throw new IllegalStateException(type + " is not an exact type");
    }
  }
}
