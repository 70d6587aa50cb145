package dev.scalpel.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.io.OnnxReader;
import java.util.Optional;

/**
 * Turns the serialized {@code AttributeProto} a schema resource stores as an attribute's default
 * into an {@link Attribute}, through the graph module's reader ({@link OnnxReader#readAttribute}),
 * so no protobuf type of the ONNX format appears outside {@code graph.io}.
 *
 * <p>Schema defaults are scalars and lists of scalars and strings (float, int, string, ints,
 * strings in onnx 1.23). A default whose type is not the schema's declared type is reported as
 * absent rather than trusted.
 */
final class DefaultValueDecoder {
  private DefaultValueDecoder() {}

  static Optional<Attribute> decode(String name, Attribute.Type type, byte[] encoded) {
    Attribute a;
    try {
      a = OnnxReader.readAttribute(encoded);
    } catch (InvalidModelException e) {
      throw new IllegalStateException("default of attribute '" + name + "' is not an AttributeProto", e);
    }
    return a.type() == type && a.name().equals(name) && !(a instanceof Attribute.RefAttr)
        ? Optional.of(a) : Optional.empty();
  }
}
