package dev.scalpel.graph.traverse;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What is computed from some values of a graph: forward reachability along uses.
 *
 * <p>A use from inside a subgraph stands for the node of {@code graph} that holds the subgraph,
 * so an If whose branch reads a value is downstream of it.
 */
public final class Downstream {
  private Downstream() {}

  /** {@code roots} and every value of {@code graph} computed from them, graph outputs included. */
  public static Set<Value> values(Graph graph, Iterable<Value> roots) {
    Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Value> work = new ArrayDeque<>();
    roots.forEach(work::add);
    while (!work.isEmpty()) {
      Value v = work.pop();
      if (!seen.add(v)) {
        continue;
      }
      for (Usage u : v.uses()) {
        Node reader = holderIn(graph, u.node());
        if (reader != null) {
          reader.outputs().forEach(work::add);
        }
      }
    }
    return seen;
  }

  /** The nodes of {@code graph} that read, directly or through other nodes, one of {@code roots}. */
  public static Set<Node> nodes(Graph graph, Iterable<Value> roots) {
    Set<Node> out = new LinkedHashSet<>();
    for (Value v : values(graph, roots)) {
      for (Usage u : v.uses()) {
        Node reader = holderIn(graph, u.node());
        if (reader != null) {
          out.add(reader);
        }
      }
    }
    return out;
  }

  /** The names of {@code graph}'s outputs computed from {@code roots} (a root that is an output too). */
  public static Set<String> outputNames(Graph graph, Iterable<Value> roots) {
    Set<Value> reached = values(graph, roots);
    Set<String> out = new LinkedHashSet<>();
    for (Value v : graph.outputs()) {
      if (reached.contains(v)) {
        out.add(v.name());
      }
    }
    return out;
  }

  /** {@code n} if it is a node of {@code graph}, else the node of {@code graph} holding it, or null. */
  private static Node holderIn(Graph graph, Node n) {
    Node current = n;
    while (current != null && current.graph() != graph) {
      Graph g = current.graph();
      current = g == null ? null : g.ownerNode();
    }
    return current;
  }
}
