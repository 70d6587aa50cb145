package dev.scalpel.runtime;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.OpSchema;
import dev.scalpel.opset.SchemaRegistry;
import dev.scalpel.passes.fold.ConstantEvaluator;
import dev.scalpel.passes.fold.RegionModel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates a foldable region through ONNX Runtime: a model of its own is built (the region's
 * constant inputs as initializers, copies of its nodes, the wanted values as outputs) and run once
 * in one session, with ONNX Runtime's optimizations off ({@link OrtRunner}). A region with a use
 * ONNX Runtime is known to get wrong ({@link OrtKnownDeviations}) is refused, and one stamped with an
 * opset ONNX Runtime does not load is restamped when that changes no operator's meaning, else
 * refused, and an operator ONNX Runtime has no kernel for runs expanded into its function body
 * where the schema has one ({@link OrtLoadable}).
 */
public final class OrtEvaluator implements ConstantEvaluator {
  /** How ONNX Runtime names an operator it has no kernel for. */
  private static final Pattern NO_KERNEL =
      Pattern.compile("(?:Could not find an implementation for|Failed to find kernel for) (\\w+)\\(");

  @Override
  public Map<Value, Tensor> evaluate(Model model, List<Node> region, Map<Value, Tensor> constants, Set<Value> wanted) {
    refuseKnownDeviations(model, region, constants);
    Set<String> expand = new HashSet<>();
    Map<Value, Value> copies;
    Map<String, Tensor> outputs;
    while (true) {
      copies = new HashMap<>();
      Model regionModel = RegionModel.of(model, region, constants, wanted, copies);
      OrtLoadable.fit(regionModel, expand);
      try (OrtRunner runner = OrtRunner.open(ModelSource.of(regionModel), ModelRole.REWRITTEN)) {
        outputs = runner.run(Map.of()).outputs();
        break;
      } catch (ModelNotRunnableException e) {
        // NOTE: ONNX Runtime knows some operators without having a kernel for them (Swish-24);
        // one defined by a function body runs expanded instead. Each retry expands one more.
        Matcher m = NO_KERNEL.matcher(String.valueOf(e.getMessage()));
        // An operator without a body is not expanded, fails again, and is not added twice.
        if (!m.find() || !expand.add(m.group(1))) {
          throw e;
        }
      }
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

  /** Throws, naming the reason, when a node of the region is a use ONNX Runtime gets wrong. */
  private static void refuseKnownDeviations(Model model, List<Node> region, Map<Value, Tensor> constants) {
    for (Node n : region) {
      OptionalLong opset = model.opsetImports().version(n.domain());
      if (opset.isEmpty() || !SchemaRegistry.standard().knows(OpId.of(n))) {
        continue;
      }
      Optional<OpSchema> schema = SchemaRegistry.standard().lookup(OpId.of(n), opset.getAsLong());
      Optional<String> refusal = schema.flatMap(s -> OrtKnownDeviations.refusal(n, s.sinceVersion(), constants));
      if (refusal.isPresent()) {
        throw new UnsupportedOperationException(refusal.get());
      }
    }
  }
}
