package dev.scalpel.graph.traverse;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Stable topological ordering of a graph's nodes.
 *
 * <p>A node depends on the producers of its inputs and, through its subgraphs, on the producers of
 * every outer value those subgraphs read. Among nodes that are ready at the same time the one that
 * comes first in the current order goes first, so an already sorted graph keeps its order. A cycle
 * is reported as an {@link InvalidModelException} that names the nodes on it.
 */
public final class TopologicalOrder {
  private TopologicalOrder() {}

  /** The nodes of {@code graph} (not of its subgraphs) in a stable topological order. */
  public static List<Node> of(Graph graph) {
    List<Node> nodes = graph.nodes();
    Map<Node, Integer> position = new IdentityHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      position.put(nodes.get(i), i);
    }
    List<Set<Node>> producers = new ArrayList<>(nodes.size());
    boolean sorted = true;
    for (int i = 0; i < nodes.size(); i++) {
      Set<Node> ps = producersIn(nodes.get(i), position);
      producers.add(ps);
      for (Node p : ps) {
        sorted &= position.get(p) < i;
      }
    }
    // NOTE: smallest position first makes an already sorted list its own order; the common case
    // (graphs are stored sorted) is then linear, without the queue.
    if (sorted) {
      return new ArrayList<>(nodes);
    }
    List<List<Integer>> dependents = new ArrayList<>(nodes.size());
    int[] pending = new int[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      dependents.add(new ArrayList<>(2));
    }
    for (int i = 0; i < nodes.size(); i++) {
      for (Node producer : producers.get(i)) {
        dependents.get(position.get(producer)).add(i);
        pending[i]++;
      }
    }
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int i = 0; i < pending.length; i++) {
      if (pending[i] == 0) {
        ready.add(i);
      }
    }
    List<Node> order = new ArrayList<>(nodes.size());
    while (!ready.isEmpty()) {
      int i = ready.poll();
      order.add(nodes.get(i));
      for (int d : dependents.get(i)) {
        if (--pending[d] == 0) {
          ready.add(d);
        }
      }
    }
    if (order.size() != nodes.size()) {
      throw new InvalidModelException(describeCycle(graph, nodes, pending, position));
    }
    return order;
  }

  /** Reorders {@code graph} and, recursively, its subgraphs topologically. */
  public static void sort(Graph graph) {
    graph.reorder(of(graph));
    for (Node n : graph) {
      for (Graph sub : n.subgraphs()) {
        sort(sub);
      }
    }
  }

  /** Whether every node of {@code graph} comes after the producers it depends on (this graph only). */
  public static boolean isSorted(Graph graph) {
    Map<Node, Integer> position = new IdentityHashMap<>();
    int i = 0;
    for (Node n : graph) {
      position.put(n, i++);
    }
    for (Node n : graph) {
      for (Node p : producersIn(n, position)) {
        if (position.get(p) >= position.get(n)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Distinct producers in this graph (keys of {@code position}) that {@code node} depends on. */
  private static Set<Node> producersIn(Node node, Map<Node, Integer> position) {
    Set<Node> out = new LinkedHashSet<>();
    for (Value v : node.inputs()) {
      if (v != null && v.producer() != null && position.containsKey(v.producer())) {
        out.add(v.producer());
      }
    }
    for (Graph sub : node.subgraphs()) {
      collectCaptured(sub, position, out);
    }
    // NOTE: a node that reads its own output depends on itself: a cycle of one, reported as such.
    return out;
  }

  private static void collectCaptured(Graph sub, Map<Node, Integer> position, Set<Node> out) {
    for (Node inner : sub) {
      for (Value v : inner.inputs()) {
        if (v != null && v.producer() != null && position.containsKey(v.producer())) {
          out.add(v.producer());
        }
      }
      for (Graph deeper : inner.subgraphs()) {
        collectCaptured(deeper, position, out);
      }
    }
  }

  private static String describeCycle(
      Graph graph, List<Node> nodes, int[] pending, Map<Node, Integer> position) {
    // Walk backwards from a stuck node through stuck producers until a node repeats.
    int start = -1;
    for (int i = 0; i < pending.length; i++) {
      if (pending[i] > 0) {
        start = i;
        break;
      }
    }
    List<Node> path = new ArrayList<>();
    Map<Node, Integer> seenAt = new IdentityHashMap<>();
    Node current = nodes.get(start);
    while (!seenAt.containsKey(current)) {
      seenAt.put(current, path.size());
      path.add(current);
      Node next = null;
      for (Node p : producersIn(current, position)) {
        if (pending[position.get(p)] > 0) {
          next = p;
          break;
        }
      }
      if (next == null) {
        break;
      }
      current = next;
    }
    List<Node> cycle = seenAt.containsKey(current) ? path.subList(seenAt.get(current), path.size()) : path;
    StringBuilder sb = new StringBuilder("graph '" + graph.name() + "' has a cycle: ");
    for (int i = cycle.size() - 1; i >= 0; i--) {
      sb.append(cycle.get(i).describe()).append(" -> ");
    }
    sb.append(cycle.get(cycle.size() - 1).describe());
    return sb.toString();
  }
}
