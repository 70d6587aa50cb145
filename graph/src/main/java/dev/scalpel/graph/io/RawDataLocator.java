package dev.scalpel.graph.io;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.scalpel.graph.io.proto.OnnxProto.GraphProto;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the byte ranges of the main graph's initializers' {@code raw_data} in an encoded model,
 * by walking the wire format (skipping everything else) rather than parsing.
 *
 * <p>Gives up (returns no ranges) when the encoding is one where the parsed value would not be a
 * single contiguous range: a model with its graph field split in several parts, which protobuf
 * merges. A tensor with raw_data written twice keeps the last, as protobuf does.
 */
final class RawDataLocator {
  private static final int GRAPH_TAG = lengthDelimited(ModelProto.GRAPH_FIELD_NUMBER);
  private static final int INITIALIZER_TAG = lengthDelimited(GraphProto.INITIALIZER_FIELD_NUMBER);
  private static final int RAW_DATA_TAG = lengthDelimited(TensorProto.RAW_DATA_FIELD_NUMBER);

  private RawDataLocator() {}

  /** A field's tag: its number shifted past the three wire-type bits. */
  private static int lengthDelimited(int fieldNumber) {
    return (fieldNumber << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  /** Initializer index (order in the main graph) to {offset, length} of its raw_data. */
  static Map<Integer, long[]> locate(ByteBuffer encoded) {
    try {
      return walkModel(CodedInputStream.newInstance(encoded.duplicate()));
    } catch (IOException | RuntimeException e) {
      return Map.of(); // the real parse reports what is wrong with the file
    }
  }

  private static Map<Integer, long[]> walkModel(CodedInputStream in) throws IOException {
    Map<Integer, long[]> found = null;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return found == null ? Map.of() : found;
      }
      if (tag == GRAPH_TAG) {
        if (found != null) {
          return Map.of();
        }
        int limit = in.pushLimit(in.readRawVarint32());
        found = walkGraph(in);
        in.popLimit(limit);
      } else if (!in.skipField(tag)) {
        return Map.of();
      }
    }
  }

  private static Map<Integer, long[]> walkGraph(CodedInputStream in) throws IOException {
    Map<Integer, long[]> found = new HashMap<>();
    int index = 0;
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      if (tag == INITIALIZER_TAG) {
        int limit = in.pushLimit(in.readRawVarint32());
        long[] range = walkTensor(in);
        if (range != null) {
          found.put(index, range);
        }
        index++;
        in.popLimit(limit);
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return found;
  }

  private static long[] walkTensor(CodedInputStream in) throws IOException {
    long[] range = null;
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      if (tag == RAW_DATA_TAG) {
        int length = in.readRawVarint32();
        range = new long[] {in.getTotalBytesRead(), length};
        in.skipRawBytes(length);
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return range;
  }
}
