package dev.scalpel.passes.constant;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dense tensor a {@code Constant} node produces, from whichever of its value attributes it has
 * ({@code value}, {@code value_float(s)}, {@code value_int(s)}, {@code value_string(s)}), as the
 * ONNX spec defines each: the scalar forms give rank-0 tensors, the list forms 1-D ones, ints are
 * INT64 and floats FLOAT.
 *
 * <p>Empty for {@code sparse_value} (a sparse constant is not a dense initializer; see {@link
 * ConstantsToInitializers}), for references to a function's attributes, and for malformed nodes
 * (no value, or more than one).
 */
public final class ConstantTensors {
  private ConstantTensors() {}

  public static Optional<Tensor> of(Node node) {
    if (node.attributes().size() != 1) {
      return Optional.empty();
    }
    Attribute a = node.attributes().values().iterator().next();
    String name = node.output(0).name();
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
