package dev.scalpel.passes.shape;

import dev.scalpel.graph.Constants;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.traverse.RemoveUnusedNodes;
import dev.scalpel.graph.traverse.TopologicalOrder;
import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.opset.infer.SymShape;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.PassContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Uses what shape inference knows symbolically about computed shape values ({@code Shape → Gather
 * → Unsqueeze → Concat}, {@code Shape → Slice → Concat}, ...) to drop the computation:
 *
 * <ol>
 *   <li>a computed value whose elements are all static becomes an initializer;
 *   <li>computed values known to hold the same elements (same symbolic dims, same type and shape)
 *       are merged into the first one computed;
 *   <li>a Reshape whose computed target is known becomes a Reshape to a constant target with 0 for
 *       dims copied from the data and at most one -1 ({@link ReshapeTarget} says when);
 *   <li>an Expand whose computed target is the data's own shape (or 1s) is removed ({@link
 *       ExpandNoOp});
 *   <li>a Reshape of a Reshape or Flatten whose target is only provable against the inner input
 *       reads that input directly (row-major order is kept by both);
 *   <li>a Gather or GatherND that reads a tensor element by element in order becomes an Unsqueeze
 *       of it ({@link IdentityIndexing});
 *   <li>Reshape → Transpose → Reshape that moves whole groups of axes becomes one Transpose
 *       ({@link TransposeThroughReshapes}).
 * </ol>
 *
 * Works on the main graph; runs shape inference itself, so it needs nothing before it. Graph
 * outputs are never replaced. Dead nodes are removed at the end.
 */
public final class CollapseReshapeChain implements ModelPass {
  private static final java.util.Set<String> ORDER_PRESERVING = java.util.Set.of("Reshape", "Flatten");

  @Override
  public String id() {
    return "collapse-reshape-chain";
  }

  @Override
  public void run(Model model, PassContext context) {
    ShapeInference.Result inferred = ShapeInference.run(model);
    Graph g = model.graph();
    List<Node> order;
    try {
      order = TopologicalOrder.of(g);
    } catch (RuntimeException e) {
      context.report("not a DAG, nothing collapsed: " + e.getMessage());
      return;
    }
    replaceKnownValues(g, order, inferred);
    long opset = model.opsetImports().defaultVersion().orElse(0);
    IdentityIndexing indexing = new IdentityIndexing(new IndexGrids(inferred, opset), opset);
    for (Node node : order) {
      if (node.graph() != g || !node.isDefaultDomain()) {
        continue;
      }
      if (node.opType().equals("Gather") || node.opType().equals("GatherND")) {
        indexing.rewrite(g, node);
      } else if (node.opType().equals("Reshape")) {
        if (!TransposeThroughReshapes.rewrite(g, node)) {
          collapseReshape(g, node, inferred, context);
        }
      } else if (node.opType().equals("Expand")) {
        removeNoOpExpand(node, inferred);
      }
    }
    RemoveUnusedNodes.run(g);
  }

  /** Steps 1 and 2: static values become initializers, equal values merge into the first. */
  private static void replaceKnownValues(Graph g, List<Node> order, ShapeInference.Result inferred) {
    Map<List<Object>, Value> first = new HashMap<>();
    for (Node node : order) {
      for (Value v : node.outputs()) {
        Optional<PartialValue> pv = inferred.valueOf(v);
        if (pv.isEmpty() || !pv.get().isFullyKnown() || !ShapeValues.qualifies(v, pv.get()) || v.isGraphOutput()) {
          continue;
        }
        if (ShapeValues.isStatic(pv.get())) {
          Optional<Tensor> t = ShapeValues.tensor(v, pv.get());
          if (t.isPresent() && v.isUsed()) {
            v.replaceAllUsesWith(g.addInitializer(v.name() + "_static", t.get()));
          }
          continue;
        }
        List<Object> key = new ArrayList<>();
        key.add(v.dataType().orElseThrow());
        key.add(pv.get().scalar());
        key.addAll(pv.get().elements());
        Value earlier = first.putIfAbsent(key, v);
        if (earlier != null) {
          v.replaceAllUsesWith(earlier);
        }
      }
    }
  }

  private static void collapseReshape(Graph g, Node node, ShapeInference.Result inferred, PassContext context) {
    if (node.inputs().size() < 2 || node.input(1) == null || node.input(0) == null) {
      return;
    }
    Value target = node.input(1);
    Optional<Shape> data = node.input(0).shape();
    Optional<PartialValue> pv = inferred.valueOf(target);
    if (Constants.isConstant(target) || data.isEmpty() || pv.isEmpty() || target.dataType().orElse(null) != DataType.INT64) {
      return;
    }
    boolean allowZero = node.intAttribute("allowzero", 0) != 0;
    ReshapeTarget.Outcome outcome = ReshapeTarget.of(SymShape.of(data.get()), pv.get(), allowZero);
    Node inner = node.input(0).producer();
    if (outcome.target().isEmpty() && inner != null && inner.isDefaultDomain() && !inner.inputs().isEmpty()
        && ORDER_PRESERVING.contains(inner.opType()) && inner.input(0) != null && inner.input(0).shape().isPresent()) {
      // NOTE: a Reshape of a Reshape (or Flatten) reads the same elements in the same order as the
      // inner input, so a target proved against that input's dims gives the same result.
      ReshapeTarget.Outcome direct = ReshapeTarget.of(SymShape.of(inner.input(0).shape().get()), pv.get(), allowZero);
      if (direct.target().isPresent()) {
        node.replaceInput(0, inner.input(0));
        outcome = direct;
      }
    }
    if (outcome.target().isEmpty()) {
      context.report(node.describe() + ": target kept: " + outcome.reason());
      return;
    }
    ReshapeTarget t = outcome.target().get();
    Value constant = g.addInitializer(node.name().isEmpty() ? "reshape_target" : node.name() + "_target",
        DenseTensor.vector("", t.dims()));
    node.replaceInput(1, constant);
    if (allowZero && !t.allowZero()) {
      node.removeAttribute("allowzero");
    }
  }

  private static void removeNoOpExpand(Node node, ShapeInference.Result inferred) {
    if (node.inputs().size() != 2 || node.input(0) == null || node.input(1) == null) {
      return;
    }
    Value out = node.output(0);
    Optional<Shape> data = node.input(0).shape();
    Optional<PartialValue> pv = inferred.valueOf(node.input(1));
    if (out.isGraphOutput() || data.isEmpty() || pv.isEmpty() || Constants.isConstant(node.input(1))) {
      return;
    }
    if (ExpandNoOp.holds(SymShape.of(data.get()), pv.get())) {
      out.replaceAllUsesWith(node.input(0));
    }
  }
}
