package dev.scalpel.runtime.convert;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.HalfFloats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A {@link DataType#BFLOAT16} tensor as a {@link DataType#FLOAT} tensor holding exactly the same
 * values (a bfloat16 is the upper half of a float32, so widening never rounds), computed on each access of {@link #data()} and never kept, so a
 * model whose weights are widened holds no second copy of them (as the narrowing side does).
 */
final class WidenedTensor implements Tensor {
  private final Tensor source;

  WidenedTensor(Tensor source) {
    this.source = Objects.requireNonNull(source, "source");
    if (source.dataType() != DataType.BFLOAT16) {
      throw new IllegalArgumentException("only BFLOAT16 tensors are widened here, got " + source.dataType());
    }
  }

  @Override
  public String name() {
    return source.name();
  }

  @Override
  public DataType dataType() {
    return DataType.FLOAT;
  }

  @Override
  public long[] dims() {
    return source.dims();
  }

  @Override
  public long byteSize() {
    return DataType.FLOAT.byteSize(elementCount());
  }

  @Override
  public ByteBuffer data() {
    ByteBuffer in = source.data().order(ByteOrder.LITTLE_ENDIAN);
    int n = Math.toIntExact(source.elementCount());
    ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(n, 4)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      out.putFloat(i * 4, HalfFloats.bfloat16ToFloat(in.getShort(in.position() + i * 2)));
    }
    return out.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }
}
