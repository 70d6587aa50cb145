package dev.scalpel.passes.cse;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.traverse.RemoveUnusedNodes;
import dev.scalpel.graph.traverse.TopologicalOrder;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.PassContext;
import dev.scalpel.opset.OpTraits;
import dev.scalpel.opset.quant.QdqNodes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Common-subexpression elimination: a node computing what an earlier node of the same graph
 * computes ({@link NodeKey}: same operator, attributes and inputs) is removed and its readers read
 * the earlier node's outputs. One sweep in topological order reaches the fixed point, since a merge
 * makes the readers' inputs identical before they are looked at. Every graph is swept, subgraphs
 * included; nodes are only merged within one graph. Before the sweeps, in the main graph, computed
 * shape values that the pipeline's shape analysis proves equal are merged ({@link EqualShapeValues}).
 *
 * <p>Never merged: random ops and custom-domain nodes ({@link OpTraits#isPure}), Dropout (random
 * in training mode), QuantizeLinear and DequantizeLinear ({@link QdqNodes}), nodes with subgraphs
 * or attributes without a key, and nodes with an output that is a graph output (removing them would
 * lose the output's name).
 */
public final class EliminateCommonSubexpressions implements ModelPass {
  private static final Set<String> NEVER = Set.of("Dropout");

  @Override
  public String id() {
    return "eliminate-common-subexpressions";
  }

  @Override
  public void run(Model model, PassContext context) {
    // NOTE: values first, with the analysis of the graph as the pass found it: the readers of merged
    // values then have identical inputs, and the node sweeps below merge them in the same run.
    Graph main = model.graph();
    int values = 0;
    try {
      values = EqualShapeValues.merge(main, TopologicalOrder.of(main), context.shapes(model));
    } catch (RuntimeException e) {
      // NOTE: a cycle; the sweeps below skip the graph for the same reason.
    }
    if (values > 0) {
      RemoveUnusedNodes.run(main);
      context.report(values + " value(s) merged into an earlier one the shape analysis proves equal");
    }
    int merged = 0;
    for (Graph g : model.graph().allGraphs()) {
      merged += sweep(g);
    }
    if (merged > 0) {
      context.report(merged + " node(s) merged into an identical earlier one");
    }
  }

  private static int sweep(Graph g) {
    List<Node> order;
    try {
      order = TopologicalOrder.of(g);
    } catch (RuntimeException e) {
      return 0;
    }
    Map<List<Object>, Node> first = new HashMap<>();
    int merged = 0;
    for (Node node : order) {
      if (!mergeable(node)) {
        continue;
      }
      Optional<List<Object>> key = NodeKey.of(node);
      if (key.isEmpty()) {
        continue;
      }
      Node earlier = first.putIfAbsent(key.get(), node);
      if (earlier == null || node.outputs().stream().anyMatch(Value::isGraphOutput)) {
        continue;
      }
      for (int i = 0; i < node.outputs().size(); i++) {
        node.output(i).replaceAllUsesWith(earlier.output(i));
      }
      g.remove(node);
      merged++;
    }
    return merged;
  }

  // NOTE: two identical DequantizeLinear nodes compute the same values, but a QDQ model gives each
  // quantized operator its own DQ per input (ONNX Runtime's EnsureUniqueDQForNodeUnit re-duplicates
  // shared ones before fusing, its quantizer writes one Q/DQ pair per consumer when asked), and
  // TensorRT fuses a DQ into the one layer it feeds. Merging would change that structure for no
  // node-count gain the user wants from a quantized model, so Q and DQ are left as written.
  private static boolean mergeable(Node node) {
    return OpTraits.isPure(node) && !NEVER.contains(node.opType()) && node.subgraphs().isEmpty()
        && !QdqNodes.isQuantize(node) && !QdqNodes.isDequantize(node);
  }
}
