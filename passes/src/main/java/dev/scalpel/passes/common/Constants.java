package dev.scalpel.passes.common;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.List;
import java.util.Optional;

/**
 * What a value holds when it is a constant in the sense of TensorRT's parser ("weights"): a graph
 * initializer that is not also a graph input, or the output of a default-domain {@code Constant}
 * node. A value computed from constants is not one (folding makes it one).
 */
public final class Constants {
  private Constants() {}

  /** The tensor {@code value} always holds, if it is an initializer or a Constant's output. */
  public static Optional<Tensor> of(Value value) {
    if (value == null) {
      return Optional.empty();
    }
    Optional<Tensor> init = value.constantValue();
    if (init.isPresent()) {
      return init;
    }
    Node p = value.producer();
    if (p == null || !p.isDefaultDomain() || !p.opType().equals("Constant")) {
      return Optional.empty();
    }
    for (Attribute a : p.attributes().values()) {
      switch (a.name()) {
        case "value":
          return a.type() == Attribute.Type.TENSOR ? Optional.of(a.asTensor()) : Optional.empty();
        case "value_float":
          return Optional.of(DenseTensor.ofFloats("", new long[0], a.asFloat()));
        case "value_floats":
          return Optional.of(DenseTensor.ofFloats("", new long[] {a.asFloats().size()}, floats(a.asFloats())));
        case "value_int":
          return Optional.of(DenseTensor.ofLongs("", new long[0], a.asLong()));
        case "value_ints":
          return Optional.of(DenseTensor.vector("", a.asLongs().stream().mapToLong(Long::longValue).toArray()));
        default:
          break;
      }
    }
    return Optional.empty();
  }

  /** Whether {@code value} is a constant in the parser's sense (see the class comment). */
  public static boolean isWeights(Value value) {
    return of(value).isPresent();
  }

  private static float[] floats(List<Float> list) {
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }
}
