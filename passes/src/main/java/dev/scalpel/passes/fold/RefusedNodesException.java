package dev.scalpel.passes.fold;

import dev.scalpel.graph.Node;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown by a {@link ConstantEvaluator} that will not give the values of some nodes of a region
 * (each with its reason: a use it gets wrong, or a node whose Java kernel refuses the inputs the
 * evaluator computed for it) and returns nothing: the caller may hand it the region again without those
 * nodes and the nodes that read what they compute, which then stay in the graph (or fold later
 * through a Java kernel, once their inputs are constants).
 *
 * <p>Invariant: {@link #reasons()} is not empty and holds nodes of the region only.
 */
public final class RefusedNodesException extends UnsupportedOperationException {
  private static final long serialVersionUID = 1L;

  private final transient Map<Node, String> reasons;

  /** @param reasons each refused node (of the region handed over) and why, in region order; not empty */
  public RefusedNodesException(Map<Node, String> reasons) {
    super(first(reasons));
    this.reasons = Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
  }

  private static String first(Map<Node, String> reasons) {
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("no refused node");
    }
    Map.Entry<Node, String> e = reasons.entrySet().iterator().next();
    return e.getKey().describe() + ": " + e.getValue();
  }

  /** The refused nodes, each with its reason, in region order. */
  public Map<Node, String> reasons() {
    return reasons;
  }
}
