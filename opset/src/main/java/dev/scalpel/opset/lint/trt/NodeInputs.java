package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;

/** Small reads of a node the rules share: an input that may be absent, the model's opset. */
final class NodeInputs {
  private NodeInputs() {}

  /** Input {@code index} of {@code node}, or null when absent or omitted. */
  static Value at(Node node, int index) {
    return index < node.inputs().size() ? node.input(index) : null;
  }

  /** Whether output {@code index} exists, is named and is read by a node or is a graph output. */
  static boolean outputUsed(Node node, int index) {
    return index < node.outputs().size() && !node.output(index).name().isEmpty() && node.output(index).isUsed();
  }

  /** The default-domain opset of the model; 0 when none is imported. */
  static long opset(Model model) {
    return model.opsetImports().defaultVersion().orElse(0);
  }

  /** Whether {@code node} is {@code opType} of the default domain. */
  static boolean is(Node node, String opType) {
    return node.isDefaultDomain() && node.opType().equals(opType);
  }
}
