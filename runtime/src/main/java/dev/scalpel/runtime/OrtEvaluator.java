package dev.scalpel.runtime;

import dev.scalpel.graph.DataType;
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
 * in one session, with ONNX Runtime's optimizations off ({@link OrtRunner}).
 */
public final class OrtEvaluator implements ConstantEvaluator {
  @Override
  public Map<Value, Tensor> evaluate(Model model, List<Node> region, Map<Value, Tensor> constants, Set<Value> wanted) {
    // NOTE: ONNX Runtime 1.26 dies with SIGSEGV (the whole JVM) reducing an empty FLOAT16 tensor
    // (ReduceL1 of float16[0,1,0,0], found by FoldFuzzTest); a region reading an empty half-precision
    // constant is not handed to it. Nothing is evaluated, so nothing is folded: always sound.
    for (Tensor t : constants.values()) {
      if (t.elementCount() == 0 && (t.dataType() == DataType.FLOAT16 || t.dataType() == DataType.BFLOAT16)) {
        return Map.of();
      }
    }
    Map<Value, Value> copies = new HashMap<>();
    Model regionModel = RegionModel.of(model, region, constants, wanted, copies);
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
}
