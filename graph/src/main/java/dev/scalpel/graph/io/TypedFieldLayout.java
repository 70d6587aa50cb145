package dev.scalpel.graph.io;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.TensorTooLargeException;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where ONNX keeps each data type when a tensor does not use {@code raw_data}, and how many
 * entries of that field a tensor of n elements needs. Also packs such data into raw layout.
 *
 * <p>FLOAT, COMPLEX64 in float_data (complex as re/im pairs); INT64 in int64_data; UINT32, UINT64
 * in uint64_data; DOUBLE, COMPLEX128 in double_data; STRING in string_data; every other type in
 * int32_data, one element per entry, except the sub-byte types whose entries each hold one packed
 * byte.
 */
final class TypedFieldLayout {
  private TypedFieldLayout() {}

  enum Field { FLOAT, INT32, INT64, UINT64, DOUBLE, STRING }

  static Field fieldOf(DataType t) {
    return switch (t) {
      case FLOAT, COMPLEX64 -> Field.FLOAT;
      case INT64 -> Field.INT64;
      case UINT32, UINT64 -> Field.UINT64;
      case DOUBLE, COMPLEX128 -> Field.DOUBLE;
      case STRING -> Field.STRING;
      default -> Field.INT32;
    };
  }

  /** Entries of the typed field that a tensor of {@code elements} elements must have. */
  static long expectedEntries(DataType t, long elements) {
    return switch (t) {
      case COMPLEX64, COMPLEX128 -> Math.multiplyExact(elements, 2L);
      case UINT4, INT4, FLOAT4E2M1, UINT2, INT2, FLOAT6E2M3, FLOAT6E3M2 -> t.byteSize(elements);
      default -> elements;
    };
  }

  static long actualEntries(TensorProto p, DataType t) {
    return switch (fieldOf(t)) {
      case FLOAT -> p.getFloatDataCount();
      case INT32 -> p.getInt32DataCount();
      case INT64 -> p.getInt64DataCount();
      case UINT64 -> p.getUint64DataCount();
      case DOUBLE -> p.getDoubleDataCount();
      case STRING -> p.getStringDataCount();
    };
  }

  /** Whether the tensor has entries in any typed data field. */
  static boolean hasTypedData(TensorProto p) {
    return p.getFloatDataCount() + p.getInt32DataCount() + p.getInt64DataCount()
        + p.getUint64DataCount() + p.getDoubleDataCount() + p.getStringDataCount() > 0;
  }

  static ByteBuffer pack(TensorProto p, DataType t, long elements) {
    // NOTE: a model near protobuf's 2 GiB holds 2^31 one-byte varints of int64_data: 16 GiB packed.
    long bytes = t.byteSize(elements);
    if (bytes > Tensor.MAX_IN_MEMORY) {
      throw new TensorTooLargeException(p.getName(), elements + " elements in its typed data field (" + bytes + " bytes packed)");
    }
    ByteBuffer b = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    switch (fieldOf(t)) {
      case FLOAT -> p.getFloatDataList().forEach(b::putFloat);
      case INT64 -> p.getInt64DataList().forEach(b::putLong);
      case DOUBLE -> p.getDoubleDataList().forEach(b::putDouble);
      case UINT64 -> {
        for (long v : p.getUint64DataList()) {
          if (t == DataType.UINT32) {
            b.putInt((int) v);
          } else {
            b.putLong(v);
          }
        }
      }
      case INT32 -> {
        int width = t.bitWidth() >= 8 ? t.bitWidth() / 8 : 1;
        for (int v : p.getInt32DataList()) {
          switch (width) {
            case 1 -> b.put((byte) v);
            case 2 -> b.putShort((short) v);
            default -> b.putInt(v);
          }
        }
      }
      case STRING -> throw new UnsupportedOperationException("strings have no packed layout");
    }
    b.flip();
    return b;
  }
}
