package dev.scalpel.graph;

import java.util.List;
import java.util.Objects;

/**
 * A named attribute of a {@link Node}: one record per ONNX attribute type. Immutable, except that a
 * graph attribute owns its (mutable) {@link Graph}.
 *
 * <p>Every record carries {@link Unmodeled} fields of its source ({@code doc_string}, unknown fields)
 * so that a round trip is lossless; records built in code use {@link Unmodeled#NONE}. Typed
 * accessors ({@link #asLong()}, {@link #asGraph()}...) throw {@link IllegalStateException} naming
 * the attribute when the type does not match.
 */
public sealed interface Attribute {

  /** ONNX attribute type numbers ({@code AttributeProto.AttributeType}). */
  enum Type {
    UNDEFINED(0), FLOAT(1), INT(2), STRING(3), TENSOR(4), GRAPH(5), FLOATS(6), INTS(7), STRINGS(8),
    TENSORS(9), GRAPHS(10), SPARSE_TENSOR(11), SPARSE_TENSORS(12), TYPE_PROTO(13), TYPE_PROTOS(14);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static Type fromCode(int code) {
      for (Type t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown attribute type " + code);
    }
  }

  String name();

  Type type();

  Unmodeled unmodeled();

  record FloatAttr(String name, float value, Unmodeled unmodeled) implements Attribute {
    public Type type() {
      return Type.FLOAT;
    }
  }

  record IntAttr(String name, long value, Unmodeled unmodeled) implements Attribute {
    public Type type() {
      return Type.INT;
    }
  }

  /** A string attribute; ONNX strings are bytes, almost always UTF-8. */
  record StringAttr(String name, String value, Unmodeled unmodeled) implements Attribute {
    public Type type() {
      return Type.STRING;
    }
  }

  record TensorAttr(String name, Tensor value, Unmodeled unmodeled) implements Attribute {
    public Type type() {
      return Type.TENSOR;
    }
  }

  /** A subgraph (the body of If, Loop, Scan...). The attribute owns the graph. */
  record GraphAttr(String name, Graph value, Unmodeled unmodeled) implements Attribute {
    public Type type() {
      return Type.GRAPH;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GraphAttr g && g.name.equals(name) && g.value == value;
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + System.identityHashCode(value);
    }
  }

  record SparseTensorAttr(String name, SparseTensor value, Unmodeled unmodeled) implements Attribute {
    public Type type() {
      return Type.SPARSE_TENSOR;
    }
  }

  record TypeAttr(String name, ValueType value, Unmodeled unmodeled) implements Attribute {
    public Type type() {
      return Type.TYPE_PROTO;
    }
  }

  record FloatsAttr(String name, List<Float> value, Unmodeled unmodeled) implements Attribute {
    public FloatsAttr {
      value = List.copyOf(value);
    }

    public Type type() {
      return Type.FLOATS;
    }
  }

  record IntsAttr(String name, List<Long> value, Unmodeled unmodeled) implements Attribute {
    public IntsAttr {
      value = List.copyOf(value);
    }

    public Type type() {
      return Type.INTS;
    }
  }

  record StringsAttr(String name, List<String> value, Unmodeled unmodeled) implements Attribute {
    public StringsAttr {
      value = List.copyOf(value);
    }

    public Type type() {
      return Type.STRINGS;
    }
  }

  record TensorsAttr(String name, List<Tensor> value, Unmodeled unmodeled) implements Attribute {
    public TensorsAttr {
      value = List.copyOf(value);
    }

    public Type type() {
      return Type.TENSORS;
    }
  }

  record GraphsAttr(String name, List<Graph> value, Unmodeled unmodeled) implements Attribute {
    public GraphsAttr {
      value = List.copyOf(value);
    }

    public Type type() {
      return Type.GRAPHS;
    }
  }

  record SparseTensorsAttr(String name, List<SparseTensor> value, Unmodeled unmodeled)
      implements Attribute {
    public SparseTensorsAttr {
      value = List.copyOf(value);
    }

    public Type type() {
      return Type.SPARSE_TENSORS;
    }
  }

  record TypesAttr(String name, List<ValueType> value, Unmodeled unmodeled) implements Attribute {
    public TypesAttr {
      value = List.copyOf(value);
    }

    public Type type() {
      return Type.TYPE_PROTOS;
    }
  }

  /**
   * Inside a function body: the attribute takes the value of the calling node's attribute {@code
   * referencedName}.
   */
  record RefAttr(String name, Type type, String referencedName, Unmodeled unmodeled)
      implements Attribute {
    public RefAttr {
      Objects.requireNonNull(referencedName, "referencedName");
    }
  }

  /** An attribute whose file entry named no type and held no value. */
  record UndefinedAttr(String name, Unmodeled unmodeled) implements Attribute {
    public Type type() {
      return Type.UNDEFINED;
    }
  }

  static Attribute of(String name, long value) {
    return new IntAttr(name, value, Unmodeled.NONE);
  }

  static Attribute of(String name, float value) {
    return new FloatAttr(name, value, Unmodeled.NONE);
  }

  static Attribute of(String name, String value) {
    return new StringAttr(name, value, Unmodeled.NONE);
  }

  static Attribute of(String name, Tensor value) {
    return new TensorAttr(name, value, Unmodeled.NONE);
  }

  static Attribute of(String name, Graph value) {
    return new GraphAttr(name, value, Unmodeled.NONE);
  }

  static Attribute ofInts(String name, long... values) {
    return new IntsAttr(name, java.util.Arrays.stream(values).boxed().toList(), Unmodeled.NONE);
  }

  static Attribute ofFloats(String name, float... values) {
    java.util.ArrayList<Float> list = new java.util.ArrayList<>(values.length);
    for (float v : values) {
      list.add(v);
    }
    return new FloatsAttr(name, list, Unmodeled.NONE);
  }

  static Attribute ofStrings(String name, List<String> values) {
    return new StringsAttr(name, values, Unmodeled.NONE);
  }

  default long asLong() {
    if (this instanceof IntAttr a) {
      return a.value();
    }
    throw mismatch(Type.INT);
  }

  default float asFloat() {
    if (this instanceof FloatAttr a) {
      return a.value();
    }
    throw mismatch(Type.FLOAT);
  }

  default String asString() {
    if (this instanceof StringAttr a) {
      return a.value();
    }
    throw mismatch(Type.STRING);
  }

  default Tensor asTensor() {
    if (this instanceof TensorAttr a) {
      return a.value();
    }
    throw mismatch(Type.TENSOR);
  }

  default Graph asGraph() {
    if (this instanceof GraphAttr a) {
      return a.value();
    }
    throw mismatch(Type.GRAPH);
  }

  default List<Long> asLongs() {
    if (this instanceof IntsAttr a) {
      return a.value();
    }
    throw mismatch(Type.INTS);
  }

  default List<Float> asFloats() {
    if (this instanceof FloatsAttr a) {
      return a.value();
    }
    throw mismatch(Type.FLOATS);
  }

  default List<String> asStrings() {
    if (this instanceof StringsAttr a) {
      return a.value();
    }
    throw mismatch(Type.STRINGS);
  }

  /** The subgraphs this attribute owns (none, one or several). */
  default List<Graph> subgraphs() {
    if (this instanceof GraphAttr a) {
      return List.of(a.value());
    }
    if (this instanceof GraphsAttr a) {
      return a.value();
    }
    return List.of();
  }

  private AttributeKindException mismatch(Type wanted) {
    return new AttributeKindException(
        "attribute '" + name() + "' is " + type() + ", not " + wanted);
  }
}
