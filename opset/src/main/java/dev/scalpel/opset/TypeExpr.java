package dev.scalpel.opset;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.ValueType;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A concrete ONNX type as operator schemas write it, without shapes: {@code tensor(float)}, {@code
 * sparse_tensor(int64)}, {@code seq(tensor(int64))}, {@code optional(seq(tensor(bool)))}, {@code
 * map(int64, tensor(float))}. Immutable; {@code toString()} prints the canonical spelling that
 * {@link #parse} reads.
 *
 * <p>NOTE: schemas write map values of the ML domain as bare element types ({@code map(string,
 * float)}); ONNX reads a bare element type as a tensor of it, and so does {@link #parse}.
 */
public sealed interface TypeExpr {

  /** A dense tensor of {@code elementType}. */
  record TensorOf(DataType elementType) implements TypeExpr {
    public TensorOf {
      Objects.requireNonNull(elementType, "elementType");
    }

    @Override
    public String toString() {
      return "tensor(" + elementType.displayName() + ")";
    }
  }

  /** A sparse tensor of {@code elementType}. */
  record SparseTensorOf(DataType elementType) implements TypeExpr {
    public SparseTensorOf {
      Objects.requireNonNull(elementType, "elementType");
    }

    @Override
    public String toString() {
      return "sparse_tensor(" + elementType.displayName() + ")";
    }
  }

  /** A sequence whose elements are of {@code element}. */
  record SequenceOf(TypeExpr element) implements TypeExpr {
    public SequenceOf {
      Objects.requireNonNull(element, "element");
    }

    @Override
    public String toString() {
      return "seq(" + element + ")";
    }
  }

  /** A value of {@code element} that may be absent. */
  record OptionalOf(TypeExpr element) implements TypeExpr {
    public OptionalOf {
      Objects.requireNonNull(element, "element");
    }

    @Override
    public String toString() {
      return "optional(" + element + ")";
    }
  }

  /** A map from scalar keys of {@code keyType} to values of {@code value}. */
  record MapOf(DataType keyType, TypeExpr value) implements TypeExpr {
    public MapOf {
      Objects.requireNonNull(keyType, "keyType");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return "map(" + keyType.displayName() + ", " + value + ")";
    }
  }

  /**
   * Parses a type string.
   *
   * @throws IllegalArgumentException if {@code text} is not a type string (for example a type
   *     parameter such as {@code T})
   */
  static TypeExpr parse(String text) {
    return TypeExprParser.parseCached(text);
  }

  /** The parsed type, or empty if {@code text} is not a type string (a type parameter name). */
  static Optional<TypeExpr> tryParse(String text) {
    // NOTE: type parameters (T, Tind) are the common case here; telling them apart without
    // throwing keeps per-node checks cheap.
    if (text.indexOf('(') < 0 && elementType(text.trim()).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The type of a value with its shape dropped, or empty where some part of it is not known (an
   * undefined element type, a sequence of unknown elements, an opaque or unspecified type).
   */
  static Optional<TypeExpr> of(ValueType type) {
    if (type instanceof ValueType.TensorType t) {
      return known(t.elementType()).map(TensorOf::new);
    }
    if (type instanceof ValueType.SparseTensorType t) {
      return t.elementType() == null ? Optional.empty() : known(t.elementType()).map(SparseTensorOf::new);
    }
    if (type instanceof ValueType.SequenceType t) {
      return t.elementType() == null ? Optional.empty() : of(t.elementType()).map(SequenceOf::new);
    }
    if (type instanceof ValueType.OptionalType t) {
      return t.elementType() == null ? Optional.empty() : of(t.elementType()).map(OptionalOf::new);
    }
    if (type instanceof ValueType.MapType t) {
      if (t.keyType() == null || t.valueType() == null || t.keyType() == DataType.UNDEFINED) {
        return Optional.empty();
      }
      return of(t.valueType()).map(v -> new MapOf(t.keyType(), v));
    }
    return Optional.empty();
  }

  private static Optional<DataType> known(DataType t) {
    return t == null || t == DataType.UNDEFINED ? Optional.empty() : Optional.of(t);
  }

  /** The element type named as in type strings ({@code float}, {@code float8e4m3fn}). */
  static Optional<DataType> elementType(String name) {
    return Optional.ofNullable(ElementNames.BY_NAME.get(name.toLowerCase(Locale.ROOT)));
  }
}
