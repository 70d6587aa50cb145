package dev.scalpel.opset.lint;

import dev.scalpel.graph.Function;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.OpsetImports;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The model-local functions by the (domain, name, overload) a node calls them with. */
final class LocalFunctions {
  private record Key(String domain, String name, String overload) {}

  private final Set<Key> keys = new HashSet<>();

  LocalFunctions(List<Function> functions) {
    for (Function f : functions) {
      keys.add(new Key(normalise(f.domain()), f.name(), f.overload()));
    }
  }

  /** Whether {@code node} calls a function of the model. */
  boolean defines(Node node) {
    return keys.contains(new Key(normalise(node.domain()), node.opType(), node.overload()));
  }

  private static String normalise(String domain) {
    return OpsetImports.isDefault(domain) ? "" : domain;
  }
}
