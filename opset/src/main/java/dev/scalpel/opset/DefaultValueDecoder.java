package dev.scalpel.opset;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Unmodeled;
import dev.scalpel.graph.io.proto.OnnxProto.AttributeProto;
import java.util.Optional;

/**
 * Turns the serialized {@code AttributeProto} a schema resource stores as an attribute's default
 * into an {@link Attribute}.
 *
 * <p>NOTE: schema defaults are scalars and lists of scalars and strings (float, int, string, ints,
 * strings in onnx 1.23); a default of another type (a tensor or graph) is reported as absent
 * rather than decoded, since the IR's tensor import is private to the graph module's reader.
 */
final class DefaultValueDecoder {
  private DefaultValueDecoder() {}

  static Optional<Attribute> decode(String name, Attribute.Type type, byte[] encoded) {
    AttributeProto a;
    try {
      a = AttributeProto.parseFrom(encoded);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("default of attribute '" + name + "' is not an AttributeProto", e);
    }
    return switch (type) {
      case FLOAT -> Optional.of(new Attribute.FloatAttr(name, a.getF(), Unmodeled.NONE));
      case INT -> Optional.of(new Attribute.IntAttr(name, a.getI(), Unmodeled.NONE));
      case STRING -> Optional.of(new Attribute.StringAttr(name, a.getS().toStringUtf8(), Unmodeled.NONE));
      case FLOATS -> Optional.of(new Attribute.FloatsAttr(name, a.getFloatsList(), Unmodeled.NONE));
      case INTS -> Optional.of(new Attribute.IntsAttr(name, a.getIntsList(), Unmodeled.NONE));
      case STRINGS -> Optional.of(new Attribute.StringsAttr(name,
          a.getStringsList().stream().map(ByteString::toStringUtf8).toList(), Unmodeled.NONE));
      default -> Optional.empty();
    };
  }
}
