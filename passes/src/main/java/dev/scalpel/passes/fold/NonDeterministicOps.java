package dev.scalpel.passes.fold;

import dev.scalpel.graph.Node;
import java.util.Set;

/** The operators folding must never evaluate: their result differs from run to run. */
public final class NonDeterministicOps {
  private static final Set<String> RANDOM = Set.of(
      "RandomNormal", "RandomNormalLike", "RandomUniform", "RandomUniformLike", "Bernoulli", "Multinomial");

  private NonDeterministicOps() {}

  /**
   * Whether {@code node} may give different results for the same inputs. Custom-domain nodes count
   * as such: Scalpel cannot know what they do.
   */
  public static boolean contains(Node node) {
    return !node.isDefaultDomain() || RANDOM.contains(node.opType());
  }
}
