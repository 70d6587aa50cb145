package dev.scalpel.graph.traverse;

import dev.scalpel.graph.Function;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes dead code: nodes none of whose outputs is read or is a graph output, and initializers
 * that no node reads and that are no graph output, in the main graph, in every subgraph and in
 * function bodies.
 *
 * <p>Removal runs to a fixed point, so whole dead chains go, and a second run removes nothing. An
 * initializer that is also a graph input is kept: it is part of the model's signature (a caller
 * may feed it), and removing it would change the interface.
 *
 * <p>NOTE: every node is judged only by its outputs, custom domains and ops with effects included
 * (ONNX operators are pure functions of their inputs). A caller that must keep some node alive
 * makes its output a graph output.
 */
public final class RemoveUnusedNodes {
  private RemoveUnusedNodes() {}

  /** How much was removed. */
  public record Result(int nodesRemoved, int initializersRemoved) {
    public boolean isEmpty() {
      return nodesRemoved == 0 && initializersRemoved == 0;
    }

    Result plus(Result other) {
      return new Result(nodesRemoved + other.nodesRemoved, initializersRemoved + other.initializersRemoved);
    }
  }

  /** Removes dead nodes and unused initializers from the main graph and all function bodies. */
  public static Result run(Model model) {
    Result total = run(model.graph());
    for (Function f : model.functions()) {
      total = total.plus(run(f.body()));
    }
    return total;
  }

  /** Removes dead nodes and unused initializers from {@code graph} and its subgraphs. */
  public static Result run(Graph graph) {
    int nodes = 0;
    int removedThisRound;
    do {
      removedThisRound = 0;
      // NOTE: innermost graphs and last nodes first: removing a consumer first frees its producers
      // in the same round when the graph is sorted; the loop handles any other order.
      List<Graph> graphs = graph.allGraphs();
      for (int g = graphs.size() - 1; g >= 0; g--) {
        removedThisRound += removeDeadNodes(graphs.get(g));
      }
      nodes += removedThisRound;
    } while (removedThisRound > 0);
    int initializers = 0;
    for (Graph g : graph.allGraphs()) {
      initializers += removeUnusedInitializers(g);
      removeStaleValueInfos(g);
    }
    return new Result(nodes, initializers);
  }

  /**
   * Drops type declarations ({@code value_info}) of values that nothing in the graph holds any
   * more: no node of this graph produces them, they are neither inputs nor initializers, and
   * nothing reads them. NOTE: without this, a value whose producer a pass replaced by an
   * initializer that was later removed would keep a declaration in every file written.
   */
  private static void removeStaleValueInfos(Graph g) {
    List<Value> stale = new ArrayList<>();
    for (Value v : g.valueInfos()) {
      boolean produced = v.producer() != null && v.producer().graph() == g;
      if (!produced && !v.isUsed() && !v.isGraphInput() && !v.isGraphOutput() && !v.isInitializer()) {
        stale.add(v);
      }
    }
    stale.forEach(g::removeValueInfo);
  }

  private static int removeDeadNodes(Graph g) {
    if (!isAttached(g)) {
      return 0; // an enclosing node went earlier in this round; its nodes no longer register uses
    }
    List<Node> nodes = g.nodes();
    int removed = 0;
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node n = nodes.get(i);
      if (isDead(n)) {
        g.remove(n);
        removed++;
      }
    }
    return removed;
  }

  private static boolean isAttached(Graph g) {
    for (Graph current = g; current.ownerNode() != null; current = current.ownerNode().graph()) {
      if (current.ownerNode().graph() == null) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDead(Node n) {
    for (Value v : n.outputs()) {
      if (v.isUsed()) {
        return false;
      }
    }
    return true;
  }

  private static int removeUnusedInitializers(Graph g) {
    List<Value> unused = new ArrayList<>();
    for (Value v : g.initializers()) {
      if (!v.isUsed() && !v.isGraphInput()) {
        unused.add(v);
      }
    }
    for (Value v : g.sparseInitializers()) {
      if (!v.isUsed() && !v.isGraphInput()) {
        unused.add(v);
      }
    }
    for (Value v : unused) {
      g.removeInitializer(v);
    }
    return unused.size();
  }
}
