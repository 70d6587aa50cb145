package dev.scalpel.passes.convert;

import dev.scalpel.graph.Constants;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The values a model computes from tensor shapes alone: outputs of {@code Shape} and {@code Size},
 * and of every node whose inputs are all such values or constants, with at least one of the former,
 * and whose outputs are scalars or vectors, as shapes are (a {@code Shape → Gather → Cast(float) →
 * Mul → Floor → Cast(int64)} chain that sizes a Resize, say). Their float parts are sizes written
 * as floats, which float16 stops representing exactly at 2048, so a precision conversion leaves
 * the nodes that compute them alone. NOTE: the rank limit keeps data out: a {@code Gather} of an
 * embedding table by positions computed from a shape reads only a constant and a shape value, but
 * its output (rank 2 or more) is data.
 *
 * <p>Computed once over the model as it is, every graph included (a subgraph's node reading an
 * outer shape value counts).
 */
final class ShapeArithmetic {
  private final Set<Value> shapeValues = Collections.newSetFromMap(new IdentityHashMap<>());

  private ShapeArithmetic() {}

  static ShapeArithmetic of(Model model) {
    ShapeArithmetic s = new ShapeArithmetic();
    s.walk(model.graph());
    return s;
  }

  /**
   * Whether {@code node} computes shape values from shape values (all its outputs are shape values;
   * {@code Shape} and {@code Size} themselves read data, so they do not).
   */
  boolean computesShapes(Node node) {
    if (node.opType().equals("Shape") || node.opType().equals("Size")) {
      return false;
    }
    return !node.outputs().isEmpty() && node.outputs().stream().allMatch(v -> v == null || shapeValues.contains(v));
  }

  private void walk(Graph graph) {
    for (Node node : graph) {
      if (node.subgraphs().isEmpty() && isShapeNode(node)) {
        node.outputs().stream().filter(v -> v != null).forEach(shapeValues::add);
      }
      for (Graph sub : node.subgraphs()) {
        walk(sub);
      }
    }
  }

  private boolean isShapeNode(Node node) {
    if (!node.isDefaultDomain()) {
      return false;
    }
    if (node.opType().equals("Shape") || node.opType().equals("Size")) {
      return true;
    }
    boolean anyShape = false;
    for (Value in : node.inputs()) {
      if (in == null) {
        continue;
      }
      if (shapeValues.contains(in)) {
        anyShape = true;
      } else if (!Constants.isConstant(in)) {
        return false;
      }
    }
    if (!anyShape) {
      return false;
    }
    for (Value out : node.outputs()) {
      if (out != null && out.shape().map(s -> s.rank() > 1).orElse(true)) {
        return false;
      }
    }
    return true;
  }
}
