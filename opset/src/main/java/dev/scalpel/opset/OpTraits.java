package dev.scalpel.opset;

import dev.scalpel.graph.Constants;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;

/**
 * What an operator does besides computing its outputs from its inputs: the facts that decide
 * whether a node may be evaluated ahead of time (folding), merged with a twin (CSE) or replaced by
 * a value computed once. A node is {@link #isPure pure} when it is neither random nor opaque.
 */
public final class OpTraits {
  /** Default-domain operators that draw random numbers. */
  private static final Set<String> RANDOM = Set.of(
      "RandomNormal", "RandomNormalLike", "RandomUniform", "RandomUniformLike", "Bernoulli", "Multinomial");

  private OpTraits() {}

  /**
   * Whether {@code node} draws random numbers, so that two runs on the same inputs may differ: the
   * random generators, and Dropout (opset 12+) unless its training_mode input is absent or a
   * constant false (in training mode it draws a random mask).
   */
  public static boolean isRandom(Node node) {
    if (!node.isDefaultDomain()) {
      return false;
    }
    if (RANDOM.contains(node.opType())) {
      return true;
    }
    return node.opType().equals("Dropout") && node.inputs().size() > 2 && node.input(2) != null
        && !isConstantFalse(node);
  }

  /**
   * Whether Scalpel cannot know what {@code node} does, and so must assume it may be random or have
   * side effects: every node outside the default ONNX domain, ai.onnx.ml (whose operators, the
   * classical ML models and encoders of the ONNX schemas, are all deterministic functions of their
   * inputs and attributes) and ai.onnx.preview (whose one operator, FlexAttention, ONNX's schema
   * marks deterministic; ai.onnx.preview.training is another domain and stays opaque).
   */
  public static boolean isOpaque(Node node) {
    return !node.isDefaultDomain() && !node.domain().equals(ML_DOMAIN) && !node.domain().equals(PREVIEW_DOMAIN);
  }

  /** The domain of ONNX's classical machine-learning operators. */
  private static final String ML_DOMAIN = "ai.onnx.ml";

  /** The domain of ONNX's preview operators (FlexAttention). */
  private static final String PREVIEW_DOMAIN = "ai.onnx.preview";

  /** Whether {@code node} gives the same outputs for the same inputs and does nothing else. */
  public static boolean isPure(Node node) {
    return !isOpaque(node) && !isRandom(node);
  }

  private static boolean isConstantFalse(Node dropout) {
    Optional<Tensor> t = Constants.of(dropout.input(2));
    if (t.isEmpty() || t.get().dataType() != DataType.BOOL || t.get().elementCount() != 1) {
      return false;
    }
    ByteBuffer data = t.get().data();
    return data.get(data.position()) == 0;
  }
}
