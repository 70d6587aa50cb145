package dev.scalpel.passes.dims;

import dev.scalpel.graph.Node;
import java.util.Optional;

/**
 * One kind of proven rewrite of {@link MakeDynamic}: where a node's constant input hard-codes the
 * size of a dim that is now symbolic, the rewrite makes it follow the symbol. A rewrite applies
 * only where the shapes just inferred prove that the constant entry is that dim (it names the
 * proof in its description); at the original size the node computes exactly what it computed.
 * Stateless.
 */
interface ConstantRewrite {
  /**
   * Rewrites {@code node} if it applies.
   *
   * @param opset the model's default-domain opset version
   * @return what was rewritten and why it is sound, or empty when it does not apply (nothing changed)
   */
  Optional<String> apply(Node node, SymbolOrigin origin, long opset);
}
