package dev.scalpel.passes.convert;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.HalfFloats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * A FLOAT tensor's elements rounded to {@link DataType#FLOAT16} or {@link DataType#BFLOAT16}
 * ({@link HalfFloats}, to nearest, ties to even), computed on each access of {@link #data()} and
 * never kept: a writer that streams the model's tensors one after another holds one converted
 * tensor at a time, and the source (often a memory-mapped external tensor) is only read.
 *
 * <p>float16 values beyond its largest finite value are clamped to ±65504 rather than rounded to
 * infinity (a mask fill of {@code -3.4e38} stays a very negative number, not {@code -inf}, whose
 * product with 0 would be NaN); infinities and NaN stay what they are. bfloat16 has float's range
 * and is only rounded.
 */
final class HalfTensor implements Tensor {
  /** The largest finite float16. */
  static final float FLOAT16_MAX = 65504f;

  private final Tensor source;
  private final DataType target;
  private final String name;

  HalfTensor(Tensor source, DataType target, String name) {
    this.source = Objects.requireNonNull(source, "source");
    if (source.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("only FLOAT tensors narrow to a half type, got " + source.dataType());
    }
    if (target != DataType.FLOAT16 && target != DataType.BFLOAT16) {
      throw new IllegalArgumentException("target must be FLOAT16 or BFLOAT16, got " + target);
    }
    this.target = target;
    this.name = name == null ? source.name() : name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DataType dataType() {
    return target;
  }

  @Override
  public long[] dims() {
    return source.dims();
  }

  @Override
  public long byteSize() {
    return target.byteSize(elementCount());
  }

  @Override
  public ByteBuffer data() {
    FloatBuffer in = source.data().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    int n = in.remaining();
    ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(n, 2)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      out.putShort(i * 2, narrow(in.get(i), target));
    }
    return out.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** One element narrowed as this class describes. */
  static short narrow(float value, DataType target) {
    if (target == DataType.BFLOAT16) {
      return HalfFloats.floatToBfloat16(value);
    }
    float clamped = Float.isFinite(value) ? Math.max(-FLOAT16_MAX, Math.min(FLOAT16_MAX, value)) : value;
    return HalfFloats.floatToHalf(clamped);
  }
}
