package dev.scalpel.runtime;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.fold.ConstantEvaluator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a foldable region through ONNX Runtime: a model of its own is built (the region's
 * constant inputs as initializers, copies of its nodes, the wanted values as outputs) and run once
 * in one session, with ONNX Runtime's optimizations off ({@link OrtRunner}).
 */
public final class OrtEvaluator implements ConstantEvaluator {
  @Override
  public Map<Value, Tensor> evaluate(Model model, List<Node> region, Map<Value, Tensor> constants, Set<Value> wanted) {
    Map<Value, Value> copies = new HashMap<>();
    Model regionModel = regionModel(model, region, constants, wanted, copies);
    Map<String, Tensor> outputs;
    try (OrtRunner runner = OrtRunner.open(ModelSource.of(regionModel), ModelRole.REWRITTEN)) {
      outputs = runner.run(Map.of()).outputs();
    }
    Map<Value, Tensor> out = new LinkedHashMap<>();
    for (Value w : wanted) {
      Tensor t = outputs.get(copies.get(w).name());
      if (t != null) {
        out.put(w, t);
      }
    }
    return out;
  }

  /** The region as a model of its own; {@code copies} maps each original value to its copy. */
  static Model regionModel(Model model, List<Node> region, Map<Value, Tensor> constants, Set<Value> wanted,
      Map<Value, Value> copies) {
    Graph g = new Graph("fold_region");
    Model m = new Model(g);
    m.setIrVersion(model.irVersion());
    m.opsetImports().copyFrom(model.opsetImports());
    constants.forEach((v, t) -> copies.put(v, g.addInitializer(new Value(v.name()), t)));
    for (Node n : region) {
      List<Value> inputs = new ArrayList<>();
      for (Value in : n.inputs()) {
        inputs.add(in == null ? null : copies.get(in));
      }
      List<String> outputNames = new ArrayList<>();
      n.outputs().forEach(o -> outputNames.add(o.name()));
      Node copy = new Node(n.hasDomain() ? n.domain() : null, n.opType(), inputs, outputNames,
          n.attributes().values());
      g.append(copy);
      for (int i = 0; i < n.outputs().size(); i++) {
        copies.put(n.output(i), copy.output(i));
      }
    }
    for (Value w : wanted) {
      Value copy = copies.get(w);
      // NOTE: ONNX Runtime wants an element type on every graph output; the declared one if known.
      copy.setType(w.type());
      g.addOutput(copy);
    }
    return m;
  }
}
