package dev.scalpel.graph.tensor;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A tensor computed on first access of its data (a folded weight, say), with type and dims known
 * up front. The computed tensor is kept once made.
 */
public final class LazyTensor implements Tensor {
  private final String name;
  private final DataType dataType;
  private final long[] dims;
  private final Supplier<? extends Tensor> compute;
  private volatile Tensor computed;

  public LazyTensor(String name, DataType dataType, long[] dims, Supplier<? extends Tensor> compute) {
    this.name = name == null ? "" : name;
    this.dataType = Objects.requireNonNull(dataType);
    this.dims = dims.clone();
    this.compute = Objects.requireNonNull(compute);
  }

  private Tensor computed() {
    Tensor t = computed;
    if (t == null) {
      synchronized (this) {
        t = computed;
        if (t == null) {
          t = compute.get();
          if (t.dataType() != dataType || !java.util.Arrays.equals(t.dims(), dims)) {
            throw new IllegalStateException("lazy tensor '" + name + "' computed " + t.dataType()
                + java.util.Arrays.toString(t.dims()) + ", declared " + dataType + java.util.Arrays.toString(dims));
          }
          computed = t;
        }
      }
    }
    return t;
  }

  public boolean isComputed() {
    return computed != null;
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
    return dataType.hasFixedWidth() ? dataType.byteSize(elementCount()) : computed().byteSize();
  }

  @Override
  public ByteBuffer data() {
    return computed().data();
  }

  @Override
  public List<byte[]> strings() {
    return computed().strings();
  }
}
