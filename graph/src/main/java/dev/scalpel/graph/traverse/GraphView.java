package dev.scalpel.graph.traverse;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.List;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DirectedPseudograph;

/**
 * A JGraphT view of one {@link Graph}'s dataflow, for graph algorithms (cycle detection,
 * dominators, connectivity...).
 *
 * <p>The view is an unmodifiable snapshot taken when {@link #of} runs: later edits of the graph do
 * not show. Vertices are the graph's nodes (not those of its subgraphs), in graph order. There is
 * one {@link DataEdge} per input slot that reads an output of a node of this graph, and one capture
 * edge per value of this graph that a node's subgraphs read, so the view has exactly the
 * dependencies {@link TopologicalOrder} sorts by. Inputs, initializers and values of enclosing
 * graphs give no edges. The graph is a pseudograph: parallel edges ({@code Add(x, x)}) and, in a
 * malformed graph, self-loops are kept.
 */
public final class GraphView {
  private GraphView() {}

  /** An unmodifiable snapshot of {@code graph}'s dataflow. */
  public static org.jgrapht.Graph<Node, DataEdge> of(Graph graph) {
    DirectedPseudograph<Node, DataEdge> g = new DirectedPseudograph<>(null, null, false);
    for (Node n : graph) {
      g.addVertex(n);
    }
    for (Node n : graph) {
      List<Value> ins = n.inputs();
      for (int i = 0; i < ins.size(); i++) {
        Value v = ins.get(i);
        if (isProducedIn(v, graph)) {
          g.addEdge(v.producer(), n, new DataEdge(v.producer(), n, v, i));
        }
      }
      for (Graph sub : n.subgraphs()) {
        addCaptures(sub, n, graph, g);
      }
    }
    return new AsUnmodifiableGraph<>(g);
  }

  private static void addCaptures(Graph sub, Node owner, Graph graph, DirectedPseudograph<Node, DataEdge> g) {
    for (Node inner : sub) {
      for (Value v : inner.inputs()) {
        if (isProducedIn(v, graph)) {
          // NOTE: an equal edge (same value, same owner) is not added twice.
          g.addEdge(v.producer(), owner, new DataEdge(v.producer(), owner, v, DataEdge.CAPTURE));
        }
      }
      for (Graph deeper : inner.subgraphs()) {
        addCaptures(deeper, owner, graph, g);
      }
    }
  }

  private static boolean isProducedIn(Value v, Graph graph) {
    return v != null && v.producer() != null && v.producer().graph() == graph;
  }
}
