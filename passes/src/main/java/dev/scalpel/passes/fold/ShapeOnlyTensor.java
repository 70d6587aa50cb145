package dev.scalpel.passes.fold;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import java.nio.ByteBuffer;

/**
 * A tensor whose dims are known but whose data is not: what Shape and Size kernels read of a value
 * whose shape inference says static while its data is computed at run time. Reading data fails.
 */
final class ShapeOnlyTensor implements Tensor {
  private final DataType dataType;
  private final long[] dims;

  ShapeOnlyTensor(DataType dataType, long[] dims) {
    this.dataType = dataType;
    this.dims = dims.clone();
  }

  @Override
  public String name() {
    return "";
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
    // NOTE: zero because the data is never materialised; only the dims are read.
    return 0;
  }

  @Override
  public ByteBuffer data() {
    throw new UnsupportedOperationException("only the shape of this tensor is known");
  }
}
