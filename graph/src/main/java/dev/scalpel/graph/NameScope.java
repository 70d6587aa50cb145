package dev.scalpel.graph;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The names in use in one root graph and all its subgraphs, so that fresh names never collide.
 * Built on first request by scanning the graph; from then on every name the graph learns of is
 * reserved. Names are never released: a name once used is not handed out again.
 */
final class NameScope {
  private final Set<String> valueNames = new HashSet<>();
  private final Set<String> nodeNames = new HashSet<>();
  private final Map<String, Integer> counters = new HashMap<>();

  NameScope(Graph root) {
    reserveNamesIn(root);
  }

  /** Reserves every value and node name of {@code g} and its subgraphs. */
  void reserveNamesIn(Graph g) {
    for (Value v : g.inputs()) {
      valueNames.add(v.name());
    }
    for (Value v : g.initializers()) {
      valueNames.add(v.name());
    }
    for (Value v : g.valueInfos()) {
      valueNames.add(v.name());
    }
    for (Node n : g) {
      if (n.hasName()) {
        nodeNames.add(n.name());
      }
      for (Value v : n.outputs()) {
        valueNames.add(v.name());
      }
      for (Value v : n.inputs()) {
        if (v != null) {
          valueNames.add(v.name());
        }
      }
      for (Graph sub : n.subgraphs()) {
        reserveNamesIn(sub);
      }
    }
  }

  void reserveValueName(String name) {
    valueNames.add(name);
  }

  void reserveNodeName(String name) {
    nodeNames.add(name);
  }

  String freshValueName(String hint) {
    return fresh(valueNames, hint == null || hint.isEmpty() ? "val" : hint);
  }

  String freshNodeName(String hint) {
    return fresh(nodeNames, hint == null || hint.isEmpty() ? "node" : hint);
  }

  private String fresh(Set<String> used, String hint) {
    if (used.add(hint)) {
      return hint;
    }
    int n = counters.getOrDefault(hint, 0);
    String candidate;
    do {
      candidate = hint + "_" + n++;
    } while (!used.add(candidate));
    counters.put(hint, n);
    return candidate;
  }
}
