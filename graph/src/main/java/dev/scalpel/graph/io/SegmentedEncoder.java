package dev.scalpel.graph.io;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.WireFormat;
import dev.scalpel.graph.io.proto.OnnxProto.GraphProto;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a {@code ModelProto} as a list of buffers whose concatenation is exactly the message's
 * standard encoding, with the {@code raw_data} of large main-graph initializers left as views of
 * their source (usually the mapping of the file the model was read from). Writing the buffers with
 * one gathering write copies each tensor once, from the source pages into the output file.
 *
 * <p>Relies on protobuf's encoding rule that generated code writes known fields in field-number
 * order and unknown fields last: a message is split into the fields before the large one, the
 * large one, and the rest. The round-trip suites check the result is byte-identical.
 */
final class SegmentedEncoder {
  /** Raw data at least this large is passed by reference instead of being copied. */
  private static final int BY_REFERENCE = 64 << 10;

  /** A piece of the encoding: bytes, or a region of the source file with the same content. */
  sealed interface Segment {}

  record Bytes(ByteBuffer bytes) implements Segment {}

  /** Bytes to copy from the source file; {@code fallback} holds the same bytes in memory. */
  record FileCopy(SourceRegion region, ByteBuffer fallback) implements Segment {}

  private final Map<TensorProto, SourceRegion> regions;
  private final List<Segment> segments = new ArrayList<>();
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(1 << 16);
  private final CodedOutputStream out = CodedOutputStream.newInstance(pending, 1 << 12);

  private SegmentedEncoder(Map<TensorProto, SourceRegion> regions) {
    this.regions = regions;
  }

  /**
   * @param regions messages whose raw_data can be copied from the source file instead of memory
   */
  static List<Segment> encode(ModelProto model, Map<TensorProto, SourceRegion> regions) {
    if (!hasLargeRawData(model)) {
      // NOTE: nothing to pass by reference: one exact-size array holds the whole encoding, which
      // for small models is most of the writer's time saved (no staging buffer to fill and copy).
      return List.of(new Bytes(ByteBuffer.wrap(model.toByteArray())));
    }
    SegmentedEncoder e = new SegmentedEncoder(regions);
    try {
      e.model(model);
      e.cut();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return e.segments;
  }

  /**
   * Writes the segments to {@code channel} at its current position: runs of bytes with gathering
   * writes, file regions with in-kernel copies when their source file is unchanged.
   */
  static void writeTo(List<Segment> segments, FileChannel channel) throws IOException {
    Map<SourceRegion.SourceFile, Boolean> usable = new IdentityHashMap<>();
    List<ByteBuffer> run = new ArrayList<>();
    for (Segment s : segments) {
      if (s instanceof Bytes b) {
        run.add(b.bytes().duplicate());
        continue;
      }
      FileCopy copy = (FileCopy) s;
      SourceRegion.SourceFile source = copy.region().file();
      if (!usable.computeIfAbsent(source, SourceRegion.SourceFile::isUnchanged)) {
        run.add(copy.fallback().duplicate());
        continue;
      }
      writeAll(run, channel);
      run.clear();
      transfer(source.channel(), copy.region(), channel);
    }
    writeAll(run, channel);
  }

  private static void transfer(FileChannel source, SourceRegion region, FileChannel target) throws IOException {
    long done = 0;
    while (done < region.length()) {
      long n = source.transferTo(region.offset() + done, region.length() - done, target);
      if (n <= 0) {
        throw new IOException(region.file().path() + " changed while it was being copied");
      }
      done += n;
    }
  }

  private static void writeAll(List<ByteBuffer> run, FileChannel channel) throws IOException {
    ByteBuffer[] array = run.toArray(new ByteBuffer[0]);
    int first = 0;
    while (first < array.length) {
      channel.write(array, first, array.length - first);
      while (first < array.length && !array[first].hasRemaining()) {
        first++;
      }
    }
  }

  private void model(ModelProto m) throws IOException {
    ModelProto.Builder head = ModelProto.newBuilder();
    if (m.hasIrVersion()) head.setIrVersion(m.getIrVersion());
    if (m.hasProducerName()) head.setProducerName(m.getProducerName());
    if (m.hasProducerVersion()) head.setProducerVersion(m.getProducerVersion());
    if (m.hasDomain()) head.setDomain(m.getDomain());
    if (m.hasModelVersion()) head.setModelVersion(m.getModelVersion());
    if (m.hasDocString()) head.setDocString(m.getDocString());
    raw(head.build());
    if (m.hasGraph()) {
      out.writeTag(ModelProto.GRAPH_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(m.getGraph().getSerializedSize());
      graph(m.getGraph());
    }
    raw(m.toBuilder().clearIrVersion().clearProducerName().clearProducerVersion().clearDomain()
        .clearModelVersion().clearDocString().clearGraph().build());
  }

  private void graph(GraphProto g) throws IOException {
    GraphProto.Builder head = GraphProto.newBuilder().addAllNode(g.getNodeList());
    if (g.hasName()) head.setName(g.getName());
    raw(head.build());
    for (TensorProto t : g.getInitializerList()) {
      out.writeTag(GraphProto.INITIALIZER_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(t.getSerializedSize());
      tensor(t);
    }
    raw(g.toBuilder().clearNode().clearName().clearInitializer().build());
  }

  private void tensor(TensorProto t) throws IOException {
    if (!t.hasRawData() || t.getRawData().size() < BY_REFERENCE) {
      raw(t);
      return;
    }
    raw(t.toBuilder().clearRawData().clearDoubleData().clearUint64Data().clearDocString()
        .clearExternalData().clearDataLocation().clearMetadataProps()
        .setUnknownFields(UnknownFieldSet.getDefaultInstance()).build());
    out.writeTag(TensorProto.RAW_DATA_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(t.getRawData().size());
    cut();
    SourceRegion region = regions.get(t);
    ByteBuffer bytes = ProtoTensor.rawDataView(t);
    segments.add(region == null ? new Bytes(bytes) : new FileCopy(region, bytes));
    raw(t.toBuilder().clearDims().clearDataType().clearSegment().clearFloatData().clearInt32Data()
        .clearStringData().clearInt64Data().clearName().clearRawData().build());
  }

  /** Whether a main-graph initializer has raw data large enough to be passed by reference. */
  private static boolean hasLargeRawData(ModelProto model) {
    for (TensorProto t : model.getGraph().getInitializerList()) {
      if (t.hasRawData() && t.getRawData().size() >= BY_REFERENCE) {
        return true;
      }
    }
    return false;
  }

  /** Appends a message's fields (not as a length-delimited field: its bare encoding). */
  private void raw(MessageLite m) throws IOException {
    m.writeTo(out);
  }

  private void cut() throws IOException {
    out.flush();
    if (pending.size() > 0) {
      segments.add(new Bytes(ByteBuffer.wrap(pending.toByteArray())));
      pending.reset();
    }
  }
}
