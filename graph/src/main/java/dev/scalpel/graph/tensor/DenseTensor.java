package dev.scalpel.graph.tensor;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tensor that owns its bytes in memory (built in code or computed by a pass). Immutable: the
 * buffer is copied into a read-only view on construction by the factories that take arrays.
 */
public final class DenseTensor implements Tensor {
  private final String name;
  private final DataType dataType;
  private final long[] dims;
  private final ByteBuffer data;
  private final List<byte[]> strings;

  private DenseTensor(String name, DataType dataType, long[] dims, ByteBuffer data, List<byte[]> strings) {
    this.name = name == null ? "" : name;
    this.dataType = Objects.requireNonNull(dataType, "dataType");
    this.dims = dims.clone();
    this.data = data;
    this.strings = strings;
  }

  /**
   * Wraps little-endian packed data without copying; the caller must not change the buffer
   * afterwards.
   *
   * @throws IllegalArgumentException if the buffer size does not match the dims
   */
  public static DenseTensor wrap(String name, DataType dataType, long[] dims, ByteBuffer data) {
    DenseTensor t = new DenseTensor(name, dataType, dims, data.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer(), null);
    long expected = dataType.byteSize(t.elementCount());
    if (expected != data.remaining()) {
      throw new IllegalArgumentException(
          "tensor '" + name + "' of " + dataType + " " + java.util.Arrays.toString(dims)
              + " needs " + expected + " bytes, got " + data.remaining());
    }
    return t;
  }

  public static DenseTensor ofLongs(String name, long[] dims, long... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return wrap(name, DataType.INT64, dims, b);
  }

  public static DenseTensor ofFloats(String name, long[] dims, float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return wrap(name, DataType.FLOAT, dims, b);
  }

  public static DenseTensor ofInts(String name, long[] dims, int... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return wrap(name, DataType.INT32, dims, b);
  }

  /** A 1-D INT64 tensor such as a shape. */
  public static DenseTensor vector(String name, long... values) {
    return ofLongs(name, new long[] {values.length}, values);
  }

  public static DenseTensor ofStrings(String name, long[] dims, List<byte[]> values) {
    List<byte[]> copy = new ArrayList<>(values.size());
    for (byte[] s : values) {
      copy.add(s.clone());
    }
    return new DenseTensor(name, DataType.STRING, dims, null, List.copyOf(copy));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DataType dataType() {
    return dataType;
  }

  @Override
  public long[] dims() {
    return dims.clone();
  }

  @Override
  public long byteSize() {
    if (strings != null) {
      return strings.stream().mapToLong(s -> s.length).sum();
    }
    return data.remaining();
  }

  @Override
  public ByteBuffer data() {
    if (data == null) {
      throw new UnsupportedOperationException("STRING tensor '" + name + "' has no packed data");
    }
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public List<byte[]> strings() {
    if (strings == null) {
      return Tensor.super.strings();
    }
    return strings;
  }

  @Override
  public String toString() {
    return "DenseTensor '" + name + "' " + dataType.displayName() + java.util.Arrays.toString(dims);
  }
}
