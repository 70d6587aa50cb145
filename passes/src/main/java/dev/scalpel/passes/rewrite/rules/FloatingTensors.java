package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.tensor.HalfFloats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;

/** Floating-point tensors as {@code double[]} and back, so that fusions compute in double. */
final class FloatingTensors {
  /** The element types {@link #toDoubles} reads and {@link #fromDoubles} writes. */
  static final Set<DataType> SUPPORTED = EnumSet.of(DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16, DataType.BFLOAT16);

  private FloatingTensors() {}

  static double[] toDoubles(Tensor t) {
    double[] out = new double[t.arrayLength()];
    ByteBuffer b = t.data().order(ByteOrder.LITTLE_ENDIAN);
    int base = b.position();
    if (t.dataType() == DataType.FLOAT) {
      // NOTE: the common case, read in bulk rather than element by element.
      float[] floats = new float[out.length];
      b.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats);
      for (int i = 0; i < out.length; i++) {
        out[i] = floats[i];
      }
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = switch (t.dataType()) {
        case FLOAT -> b.getFloat(base + 4 * i);
        case DOUBLE -> b.getDouble(base + 8 * i);
        case FLOAT16 -> HalfFloats.halfToFloat(b.getShort(base + 2 * i));
        case BFLOAT16 -> HalfFloats.bfloat16ToFloat(b.getShort(base + 2 * i));
        default -> throw new IllegalArgumentException("not a supported floating type: " + t.dataType());
      };
    }
    return out;
  }

  static Tensor fromDoubles(String name, DataType type, long[] dims, double[] values) {
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(type.byteSize(values.length))).order(ByteOrder.LITTLE_ENDIAN);
    if (type == DataType.FLOAT) {
      float[] floats = new float[values.length];
      for (int i = 0; i < floats.length; i++) {
        floats[i] = (float) values[i];
      }
      b.asFloatBuffer().put(floats);
      return DenseTensor.wrap(name, type, dims, b);
    }
    for (double v : values) {
      switch (type) {
        case FLOAT -> b.putFloat((float) v);
        case DOUBLE -> b.putDouble(v);
        case FLOAT16 -> b.putShort(HalfFloats.floatToHalf((float) v));
        case BFLOAT16 -> b.putShort(HalfFloats.floatToBfloat16((float) v));
        default -> throw new IllegalArgumentException("not a supported floating type: " + type);
      }
    }
    b.flip();
    return DenseTensor.wrap(name, type, dims, b);
  }
}
