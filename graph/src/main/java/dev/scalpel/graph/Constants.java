package dev.scalpel.graph;

import dev.scalpel.graph.tensor.DenseTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one reader of "is this value a constant, and what is it".
 *
 * <p>Two levels, because consumers differ in what counts:
 * <ul>
 *   <li>{@link #stored(Value)}: what the file stores as a constant, the "weights" of TensorRT's
 *       parser: an initializer that is not also a graph input, or the output of a default-domain
 *       {@code Constant} node in any dense form ({@link #ofNode(Node)}).
 *   <li>{@link #of(Value)}: additionally the output of a {@code ConstantOfShape} whose shape is
 *       stored and whose result has at most {@link #MAX_FILLED_ELEMENTS} elements (a small fill,
 *       cheap to materialise). A value computed by any other op is not a constant here; folding
 *       makes it one.
 * </ul>
 *
 * <p>Invariant: a tensor returned is exactly what the value holds at run time, whatever the
 * inputs; when in doubt (malformed node, sparse value, reference to a function attribute, string
 * fill) the answer is empty, never a guess.
 */
public final class Constants {
  /** The largest {@code ConstantOfShape} result {@link #of(Value)} materialises. */
  public static final long MAX_FILLED_ELEMENTS = 4096;

  private Constants() {}

  /** The tensor {@code value} always holds, if it is {@link #stored(Value) stored} or a small constant fill. */
  public static Optional<Tensor> of(Value value) {
    Optional<Tensor> stored = stored(value);
    if (stored.isPresent() || value == null) {
      return stored;
    }
    Node p = value.producer();
    if (p != null && p.isDefaultDomain() && p.opType().equals("ConstantOfShape") && p.outputs().size() == 1) {
      return filled(p);
    }
    return Optional.empty();
  }

  /** Whether {@link #of(Value)} knows what {@code value} holds. */
  public static boolean isConstant(Value value) {
    return of(value).isPresent();
  }

  /**
   * The tensor {@code value} holds if it is an initializer that is not a graph input (a caller may
   * override those) or the output of a {@code Constant} node with a dense value.
   */
  public static Optional<Tensor> stored(Value value) {
    if (value == null) {
      return Optional.empty();
    }
    Optional<Tensor> init = value.constantValue();
    if (init.isPresent()) {
      return init;
    }
    Node p = value.producer();
    return isConstantNode(p) ? ofNode(p) : Optional.empty();
  }

  /** Whether {@link #stored(Value)} knows what {@code value} holds (TensorRT's "weights"). */
  public static boolean isStored(Value value) {
    return stored(value).isPresent();
  }

  /** Whether {@code node} is a default-domain {@code Constant} with one output (its value may still be unreadable). */
  public static boolean isConstantNode(Node node) {
    return node != null && node.isDefaultDomain() && node.opType().equals("Constant") && node.outputs().size() == 1;
  }

  /**
   * The dense tensor a {@code Constant} node produces, from whichever value attribute it has, as the
   * ONNX spec defines each: {@code value} as given; {@code value_float} and {@code value_int} rank 0,
   * {@code value_floats} and {@code value_ints} 1-D; ints INT64, floats FLOAT; {@code
   * value_string(s)} STRING likewise. Built tensors carry the output's name.
   *
   * <p>Empty for {@code sparse_value} (densifying is evaluation, not reading: see the Constant
   * kernel), for references to a function's attributes, and for malformed nodes (not a Constant, no
   * value, or more than one).
   */
  public static Optional<Tensor> ofNode(Node node) {
    if (!isConstantNode(node) || node.attributes().size() != 1) {
      return Optional.empty();
    }
    return ofAttribute(node.attributes().values().iterator().next(), node.output(0).name());
  }

  /**
   * The dense tensor a Constant's single value attribute {@code a} stands for, named {@code name}
   * when it is built here; empty for {@code sparse_value}, references and unknown attributes.
   */
  public static Optional<Tensor> ofAttribute(Attribute a, String name) {
    switch (a.name()) {
      case "value":
        return a instanceof Attribute.TensorAttr t ? Optional.of(t.value()) : Optional.empty();
      case "value_float":
        return a instanceof Attribute.FloatAttr f
            ? Optional.of(DenseTensor.ofFloats(name, new long[0], f.value())) : Optional.empty();
      case "value_floats":
        return a instanceof Attribute.FloatsAttr fs ? Optional.of(floats(name, fs.value())) : Optional.empty();
      case "value_int":
        return a instanceof Attribute.IntAttr i
            ? Optional.of(DenseTensor.ofLongs(name, new long[0], i.value())) : Optional.empty();
      case "value_ints":
        return a instanceof Attribute.IntsAttr is ? Optional.of(longs(name, is.value())) : Optional.empty();
      case "value_string":
        return a instanceof Attribute.StringAttr s
            ? Optional.of(DenseTensor.ofStrings(name, new long[0], List.of(s.value().getBytes(StandardCharsets.UTF_8))))
            : Optional.empty();
      case "value_strings":
        return a instanceof Attribute.StringsAttr ss ? Optional.of(strings(name, ss.value())) : Optional.empty();
      default:
        return Optional.empty();
    }
  }

  /**
   * The output of {@code ConstantOfShape} when its shape input is stored, every dim is non-negative,
   * the result is small, and the fill value is one fixed-width element (default: FLOAT 0).
   */
  private static Optional<Tensor> filled(Node node) {
    if (node.inputs().isEmpty() || node.attributes().size() > 1) {
      return Optional.empty();
    }
    Optional<Tensor> shape = stored(node.input(0));
    if (shape.isEmpty() || shape.get().dataType() != DataType.INT64 || shape.get().dims().length != 1) {
      return Optional.empty();
    }
    long[] dims = shape.get().toLongArray();
    long count = 1;
    for (long d : dims) {
      // NOTE: checked before multiplying: dims such as [2^32, 2^32] wrap a long to 0, which would
      // pass for an empty fill with dims whose element count overflows.
      if (d < 0 || (d > 0 && count > MAX_FILLED_ELEMENTS / d)) {
        return Optional.empty();
      }
      count *= d;
    }
    Tensor fill;
    Optional<Attribute> value = node.attribute("value");
    if (value.isEmpty()) {
      if (!node.attributes().isEmpty()) {
        return Optional.empty();
      }
      fill = DenseTensor.ofFloats("", new long[] {1}, 0f);
    } else if (value.get() instanceof Attribute.TensorAttr t) {
      fill = t.value();
    } else {
      return Optional.empty();
    }
    DataType type = fill.dataType();
    if (fill.elementCount() != 1 || !type.hasFixedWidth() || type.bitWidth() % 8 != 0 || fill.isExternal()) {
      return Optional.empty();
    }
    int width = type.bitWidth() / 8;
    ByteBuffer element = fill.data();
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(count * width)).order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < count; i++) {
      for (int k = 0; k < width; k++) {
        out.put(element.get(element.position() + k));
      }
    }
    out.flip();
    return Optional.of(DenseTensor.wrap(node.output(0).name(), type, dims, out));
  }

  private static Tensor floats(String name, List<Float> values) {
    ByteBuffer b = ByteBuffer.allocate(values.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
    values.forEach(b::putFloat);
    b.flip();
    return DenseTensor.wrap(name, DataType.FLOAT, new long[] {values.size()}, b);
  }

  private static Tensor longs(String name, List<Long> values) {
    long[] v = new long[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(i);
    }
    return DenseTensor.vector(name, v);
  }

  private static Tensor strings(String name, List<String> values) {
    List<byte[]> bytes = new ArrayList<>(values.size());
    values.forEach(s -> bytes.add(s.getBytes(StandardCharsets.UTF_8)));
    return DenseTensor.ofStrings(name, new long[] {values.size()}, bytes);
  }
}
