package dev.scalpel.graph.io;

import com.google.protobuf.ByteString;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A tensor backed by a parsed {@code TensorProto} with inline data. {@code raw_data} is aliased,
 * not copied: when the model was parsed from a mapped file, {@link #data()} is a view of the
 * mapping. Data held in the typed repeated fields is converted to packed little-endian layout on
 * first access. Sizes were checked against the dims when the model was read.
 */
final class ProtoTensor implements Tensor {
  private final TensorProto proto;
  private final DataType dataType;
  private final SourceRegion region;
  private volatile ByteBuffer converted;

  ProtoTensor(TensorProto proto, DataType dataType) {
    this(proto, dataType, null);
  }

  /** @param region where raw_data lies in the source file, or null */
  ProtoTensor(TensorProto proto, DataType dataType, SourceRegion region) {
    this.proto = proto;
    this.dataType = dataType;
    this.region = region;
  }

  TensorProto proto() {
    return proto;
  }

  /** Where the raw_data lies in the file the model was read from, or null if unknown. */
  SourceRegion sourceRegion() {
    return region;
  }

  @Override
  public String name() {
    return proto.getName();
  }

  @Override
  public DataType dataType() {
    return dataType;
  }

  @Override
  public long[] dims() {
    long[] d = new long[proto.getDimsCount()];
    for (int i = 0; i < d.length; i++) {
      d[i] = proto.getDims(i);
    }
    return d;
  }

  @Override
  public long byteSize() {
    if (dataType == DataType.STRING) {
      long n = 0;
      for (ByteString s : proto.getStringDataList()) {
        n += s.size();
      }
      return n;
    }
    if (proto.hasRawData()) {
      return proto.getRawData().size();
    }
    return dataType.hasFixedWidth() ? dataType.byteSize(elementCount()) : 0;
  }

  /**
   * A read-only view of {@code t}'s raw_data whose index 0 is its first byte (position 0, limit its
   * size), whatever backs the parsed bytes.
   *
   * <p>NOTE: a ByteString aliasing part of a heap array (a model file under
   * ModelFileBytes.HEAP_COPY_BELOW) gives a buffer over the whole array, positioned at the part;
   * slice() makes index 0 the tensor's first byte.
   */
  static ByteBuffer rawDataView(TensorProto t) {
    return t.getRawData().asReadOnlyByteBuffer().slice();
  }

  @Override
  public ByteBuffer data() {
    if (dataType == DataType.STRING) {
      throw new UnsupportedOperationException("STRING tensor '" + name() + "' has no packed data");
    }
    if (proto.hasRawData()) {
      return rawDataView(proto).order(ByteOrder.LITTLE_ENDIAN);
    }
    ByteBuffer c = converted;
    if (c == null) {
      c = TypedFieldLayout.pack(proto, dataType, elementCount()).asReadOnlyBuffer();
      converted = c;
    }
    return c.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public List<byte[]> strings() {
    if (dataType != DataType.STRING) {
      return Tensor.super.strings();
    }
    List<byte[]> out = new ArrayList<>(proto.getStringDataCount());
    for (ByteString s : proto.getStringDataList()) {
      out.add(s.toByteArray());
    }
    return out;
  }

  @Override
  public String toString() {
    return "ProtoTensor '" + name() + "' " + dataType.displayName() + java.util.Arrays.toString(dims());
  }
}
