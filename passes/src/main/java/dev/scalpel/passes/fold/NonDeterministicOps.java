package dev.scalpel.passes.fold;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;

/** The operators folding must never evaluate: their result differs from run to run. */
public final class NonDeterministicOps {
  private static final Set<String> RANDOM = Set.of(
      "RandomNormal", "RandomNormalLike", "RandomUniform", "RandomUniformLike", "Bernoulli", "Multinomial");

  private NonDeterministicOps() {}

  /**
   * Whether {@code node} may give different results for the same inputs. Custom-domain nodes count
   * as such: Scalpel cannot know what they do. Dropout (opset 12+) counts unless its training_mode
   * input is absent or an initializer holding false: in training mode it draws a random mask.
   */
  public static boolean contains(Node node) {
    if (!node.isDefaultDomain() || RANDOM.contains(node.opType())) {
      return true;
    }
    return node.opType().equals("Dropout") && node.inputs().size() > 2 && node.input(2) != null
        && !isFalse(node.input(2));
  }

  private static boolean isFalse(Value v) {
    Optional<Tensor> t = v.constantValue();
    if (t.isEmpty() || t.get().dataType() != DataType.BOOL || t.get().elementCount() != 1) {
      return false;
    }
    ByteBuffer data = t.get().data();
    return data.get(data.position()) == 0;
  }
}
