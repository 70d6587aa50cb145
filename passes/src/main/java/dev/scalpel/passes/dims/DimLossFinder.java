package dev.scalpel.passes.dims;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.traverse.TopologicalOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The places where inference loses a symbolic dim: nodes with an input that carries it and no
 * output that does (the first such node on each path), and graph outputs without it. Each is a
 * place where nothing proves that the model treats the symbol's axis as a batch (samples
 * independent of each other), so {@link MakeDynamic} reports it as unproven.
 */
final class DimLossFinder {
  private DimLossFinder() {}

  static List<Finding> find(Model model, String symbol) {
    List<Finding> out = new ArrayList<>();
    long opset = model.opsetImports().version("").orElse(1);
    List<Node> order;
    try {
      order = TopologicalOrder.of(model.graph());
    } catch (InvalidModelException e) {
      return List.of(ShapeCheck.UNPROVEN.at("", e.getMessage()));
    }
    for (Node n : order) {
      if (n.isDefaultDomain() && (n.opType().equals("Shape") || n.opType().equals("Size"))) {
        continue; // NOTE: they read the dim as data, which inference follows as a value
      }
      boolean in = n.inputs().stream().anyMatch(v -> SymbolicDims.carries(v, symbol));
      boolean kept = n.outputs().stream().anyMatch(v -> SymbolicDims.carries(v, symbol));
      if (in && !kept) {
        out.add(ShapeCheck.UNPROVEN.at(n.describe(), describe(n) + ": " + symbol
            + " does not reach the outputs" + hint(n, opset)));
      }
    }
    for (Value v : model.graph().outputs()) {
      if (!SymbolicDims.carries(v, symbol)) {
        out.add(ShapeCheck.UNPROVEN.at("", "graph output '" + v.name() + "' "
            + v.shape().map(Object::toString).orElse("[?]") + " does not carry " + symbol));
      }
    }
    return out;
  }

  private static String describe(Node n) {
    return shapes(n.inputs()) + " -> " + shapes(n.outputs());
  }

  private static String shapes(List<Value> values) {
    return values.stream().map(v -> v == null ? "-" : v.shape().map(Object::toString).orElse("[?]"))
        .collect(Collectors.joining(" "));
  }

  /** What the constant shape-like input holds, when there is one: the likely culprit. */
  private static String hint(Node n, long opset) {
    int index = switch (n.opType()) {
      case "Reshape", "Expand", "Tile" -> 1;
      case "Slice" -> 2;
      case "ConstantOfShape" -> 0;
      default -> -1;
    };
    if (index < 0 || index >= n.inputs().size()) {
      return "";
    }
    Optional<long[]> c = ShapeConstants.vector(n.input(index), opset);
    return c.map(v -> " (constant " + Arrays.toString(v) + " hard-codes sizes; no rule proves which entry is the dim)")
        .orElse("");
  }
}
