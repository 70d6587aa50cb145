package dev.scalpel.runtime;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.fold.ConstantEvaluator;
import dev.scalpel.passes.fold.RegionModel;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a foldable region through ONNX Runtime: a model of its own is built (the region's
 * constant inputs as initializers, copies of its nodes, the wanted values as outputs) and run once
 * in one session, with ONNX Runtime's optimizations off ({@link OrtRunner}). Outputs of the 4- and
 * 2-bit integer types, which the Java API cannot read, are read through {@link WidenedOutputs}.
 */
public final class OrtEvaluator implements ConstantEvaluator {
  @Override
  public Map<Value, Tensor> evaluate(Model model, List<Node> region, Map<Value, Tensor> constants, Set<Value> wanted) {
    Map<Value, Value> copies = new HashMap<>();
    Model regionModel = RegionModel.of(model, region, constants, wanted, copies);
    Graph g = regionModel.graph();
    // The graph output ONNX Runtime hands back for each wanted copy, and the type to narrow it to.
    Map<Value, String> readAs = new HashMap<>();
    Map<Value, DataType> narrowTo = new HashMap<>();
    for (int i = 0; i < g.outputs().size(); i++) {
      Value copy = g.outputs().get(i);
      DataType type = copy.dataType().orElse(null);
      if (type != null && WidenedOutputs.carrier(type).isPresent()) {
        readAs.put(copy, WidenedOutputs.widen(g, i, type).name());
        narrowTo.put(copy, type);
      } else {
        readAs.put(copy, copy.name());
      }
    }
    Map<String, Tensor> outputs;
    try (OrtRunner runner = OrtRunner.open(ModelSource.of(regionModel), ModelRole.REWRITTEN)) {
      outputs = runner.run(Map.of()).outputs();
    }
    Map<Value, Tensor> out = new LinkedHashMap<>();
    for (Value w : wanted) {
      Value copy = copies.get(w);
      Tensor t = outputs.get(readAs.get(copy));
      if (t != null) {
        DataType type = narrowTo.get(copy);
        out.put(w, type == null ? t : WidenedOutputs.narrow(t, type));
      }
    }
    return out;
  }
}
