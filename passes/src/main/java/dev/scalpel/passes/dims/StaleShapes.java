package dev.scalpel.passes.dims;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Forgets the shapes that may have depended on some values: those of every value computed from
 * them, graph outputs and {@code value_info} included, so that inference (which only refines)
 * can derive them again. Element types are kept; values not downstream keep their shapes.
 */
public final class StaleShapes {
  private StaleShapes() {}

  /**
   * Clears the shapes of all values downstream of {@code roots} (not of the roots themselves).
   * A node inside a subgraph that reads one clears its owner's outputs too.
   *
   * @return how many values lost a shape
   */
  public static int clearDownstream(Collection<Value> roots) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Value> work = new ArrayDeque<>(roots);
    int cleared = 0;
    while (!work.isEmpty()) {
      Value v = work.pop();
      for (Usage u : v.uses()) {
        Node n = u.node();
        while (n != null && seen.add(n)) {
          for (Value out : n.outputs()) {
            cleared += clear(out) ? 1 : 0;
            work.push(out);
          }
          for (Graph sub : n.subgraphs()) {
            cleared += clearGraph(sub);
          }
          Graph g = n.graph();
          n = g == null ? null : g.ownerNode();
        }
      }
    }
    return cleared;
  }

  /**
   * Clears the shapes of {@code node}'s outputs and of everything downstream of them, after the
   * node itself was rewritten.
   *
   * @return how many values lost a shape
   */
  static int clearFrom(Node node) {
    int cleared = 0;
    for (Value out : node.outputs()) {
      cleared += clear(out) ? 1 : 0;
    }
    return cleared + clearDownstream(node.outputs());
  }

  private static int clearGraph(Graph g) {
    int cleared = 0;
    for (Graph sub : g.allGraphs()) {
      for (Node n : sub) {
        for (Value out : n.outputs()) {
          cleared += clear(out) ? 1 : 0;
        }
      }
    }
    return cleared;
  }

  private static boolean clear(Value v) {
    if (v.type() instanceof ValueType.TensorType t && t.shape() != null) {
      v.setType(t.withShape(null));
      return true;
    }
    return false;
  }
}
