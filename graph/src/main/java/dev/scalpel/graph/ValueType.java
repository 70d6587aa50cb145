package dev.scalpel.graph;

import java.util.Objects;
import java.util.Optional;

/**
 * The type of a {@link Value}, as ONNX's {@code TypeProto} describes it. Immutable.
 *
 * <p>{@code denotation} is the optional type denotation (such as {@code IMAGE}); it is null when
 * absent.
 */
public sealed interface ValueType {

  /** The type denotation, or null. */
  String denotation();

  /** A dense tensor; {@code shape} is null when the rank is unknown. */
  record TensorType(DataType elementType, Shape shape, String denotation) implements ValueType {
    public TensorType {
      Objects.requireNonNull(elementType, "elementType");
    }

    public TensorType(DataType elementType, Shape shape) {
      this(elementType, shape, null);
    }

    public Optional<Shape> shapeIfKnown() {
      return Optional.ofNullable(shape);
    }

    public TensorType withShape(Shape newShape) {
      return new TensorType(elementType, newShape, denotation);
    }

    @Override
    public String toString() {
      return elementType.displayName() + (shape == null ? "[?]" : shape.toString());
    }
  }

  /** A sparse tensor; {@code shape} is null when the rank is unknown. */
  record SparseTensorType(DataType elementType, Shape shape, String denotation) implements ValueType {
    @Override
    public String toString() {
      return "sparse " + elementType.displayName() + (shape == null ? "[?]" : shape.toString());
    }
  }

  /** A sequence of values of one type; {@code elementType} is null when unknown. */
  record SequenceType(ValueType elementType, String denotation) implements ValueType {
    @Override
    public String toString() {
      return "seq(" + (elementType == null ? "?" : elementType) + ")";
    }
  }

  /** A map from a scalar key type to values of one type. */
  record MapType(DataType keyType, ValueType valueType, String denotation) implements ValueType {
    @Override
    public String toString() {
      return "map(" + keyType.displayName() + "," + (valueType == null ? "?" : valueType) + ")";
    }
  }

  /** A value that may be absent. */
  record OptionalType(ValueType elementType, String denotation) implements ValueType {
    @Override
    public String toString() {
      return "optional(" + (elementType == null ? "?" : elementType) + ")";
    }
  }

  /** An opaque type of a custom domain. */
  record OpaqueType(String domain, String name, String denotation) implements ValueType {
    @Override
    public String toString() {
      return "opaque(" + domain + "." + name + ")";
    }
  }

  /** A type that a file declared without saying which kind it is. */
  record UnspecifiedType(String denotation) implements ValueType {
    @Override
    public String toString() {
      return "?";
    }
  }

  static TensorType tensor(DataType elementType, Shape shape) {
    return new TensorType(elementType, shape);
  }
}
