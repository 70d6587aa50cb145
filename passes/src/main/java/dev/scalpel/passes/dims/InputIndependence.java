package dev.scalpel.passes.dims;

import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Whether a value is computed from constants alone: no graph input (not even one with an
 * initializer, which a caller may override) among its ancestors. Such a value is the same for
 * every sample of a batch. Nodes with subgraphs count as input-dependent (their bodies may read
 * outer values).
 */
final class InputIndependence {
  private InputIndependence() {}

  static boolean isConstantOnly(Value value) {
    Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Value> work = new ArrayDeque<>();
    work.push(value);
    while (!work.isEmpty()) {
      Value v = work.pop();
      if (v == null || !seen.add(v)) {
        continue;
      }
      if (v.isGraphInput()) {
        return false;
      }
      Node p = v.producer();
      if (p == null) {
        if (!v.isInitializer()) {
          return false; // NOTE: a value of an outer graph, or undefined: not provably constant
        }
        continue;
      }
      if (!p.subgraphs().isEmpty()) {
        return false;
      }
      p.inputs().forEach(work::push);
    }
    return true;
  }
}
