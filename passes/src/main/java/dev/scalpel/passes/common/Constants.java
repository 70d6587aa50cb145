package dev.scalpel.passes.common;

import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.constant.ConstantTensors;
import java.util.Optional;

/**
 * What a value holds when it is a constant in the sense of TensorRT's parser ("weights"): a graph
 * initializer that is not also a graph input, or the output of a default-domain {@code Constant}
 * node (read by {@link ConstantTensors}). A value computed from constants is not one (folding
 * makes it one).
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
    return ConstantTensors.of(p);
  }

  /** Whether {@code value} is a constant in the parser's sense (see the class comment). */
  public static boolean isWeights(Value value) {
    return of(value).isPresent();
  }
}
