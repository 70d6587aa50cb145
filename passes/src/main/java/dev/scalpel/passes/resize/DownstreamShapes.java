package dev.scalpel.passes.resize;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.traverse.Downstream;
import java.util.Set;

/**
 * Forgets the shapes that a rewrite made stale: those of the given values and of every value
 * computed from them, graph outputs included. Element types are kept; shape inference then
 * derives the new shapes (it only refines, so a stale static shape would otherwise stay).
 */
final class DownstreamShapes {
  private DownstreamShapes() {}

  /** Clears the shapes of {@code roots} and of everything downstream of them in {@code graph}. */
  static void clear(Graph graph, Iterable<Value> roots) {
    for (Value v : reach(graph, roots)) {
      if (v.type() instanceof ValueType.TensorType t && t.shape() != null) {
        v.setType(t.withShape(null));
      }
    }
  }

  /** {@code roots} and every value of {@code graph} computed from them, graph outputs included. */
  static Set<Value> reach(Graph graph, Iterable<Value> roots) {
    return Downstream.values(graph, roots);
  }
}
