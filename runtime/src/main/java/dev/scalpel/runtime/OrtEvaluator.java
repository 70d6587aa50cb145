package dev.scalpel.runtime;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.OpSchema;
import dev.scalpel.opset.SchemaRegistry;
import dev.scalpel.opset.eval.Kernels;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.fold.ConstantEvaluator;
import dev.scalpel.passes.fold.RefusedNodesException;
import dev.scalpel.passes.fold.RegionModel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * where the schema has one ({@link OrtLoadable}). What ONNX Runtime computes for a node that also
 * has a Java kernel is checked against the kernel ({@link KernelCrossCheck}): a disagreement folds
 * nothing of the region, and a node its kernel refuses other than as unsupported (a result the spec
 * leaves undefined) is refused with what reads it. Outputs of the 4- and
 * 2-bit integer types, which the Java API cannot read, are read through {@link WidenedOutputs}.
 */
public final class OrtEvaluator implements ConstantEvaluator {
  /** How ONNX Runtime names an operator it has no kernel for. */
  private static final Pattern NO_KERNEL =
      Pattern.compile("(?:Could not find an implementation for|Failed to find kernel for) (\\w+)\\(");

  private final Kernels kernels;

  /** Checks results against the standard Java kernels ({@link KernelCrossCheck}). */
  public OrtEvaluator() {
    this(Kernels.standard());
  }

  /** Checks results against {@code kernels} ({@link KernelCrossCheck}). */
  public OrtEvaluator(Kernels kernels) {
    this.kernels = kernels;
  }

  @Override
  public Map<Value, Tensor> evaluate(Model model, List<Node> region, Map<Value, Tensor> constants, Set<Value> wanted) {
    refuseKnownDeviations(model, region, constants, wanted);
    Set<Value> computed = new LinkedHashSet<>(wanted);
    computed.addAll(KernelCrossCheck.needed(kernels, model.opsetImports(), region));
    Set<String> expand = new HashSet<>();
    Map<Value, Value> copies;
    // The graph output ONNX Runtime hands back for each computed copy, and the type to narrow it to.
    Map<Value, String> readAs;
    Map<Value, DataType> narrowTo;
    Map<String, Tensor> outputs;
    while (true) {
      copies = new HashMap<>();
      Model regionModel = RegionModel.of(model, region, constants, computed, copies);
      OrtLoadable.fit(regionModel, expand);
      readAs = new HashMap<>();
      narrowTo = new HashMap<>();
      Graph g = regionModel.graph();
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
      try (OrtRunner runner = OrtRunner.open(ModelSource.of(regionModel), ModelRole.FOLD_REGION)) {
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
    Map<Value, Tensor> known = new HashMap<>(constants);
    for (Value v : computed) {
      Value copy = copies.get(v);
      Tensor t = outputs.get(readAs.get(copy));
      if (t != null) {
        DataType type = narrowTo.get(copy);
        known.put(v, type == null ? t : WidenedOutputs.narrow(t, type));
      }
    }
    KernelCrossCheck.Verdict verdict = KernelCrossCheck.check(kernels, model.opsetImports(), region, known);
    verdict.mismatch().ifPresent(m -> {
      throw new UnsupportedOperationException(m);
    });
    // NOTE: the caller folds the rest of the region without the refused nodes and what reads them.
    if (!verdict.refused().isEmpty()) {
      throw new RefusedNodesException(verdict.refused());
    }
    Map<Value, Tensor> out = new LinkedHashMap<>();
    for (Value w : wanted) {
      if (known.containsKey(w)) {
        out.put(w, known.get(w));
      }
    }
    return out;
  }

  /**
   * Throws, naming the reason, when a node of the region is a use ONNX Runtime gets wrong or
   * crashes on ({@link OrtKnownDeviations}).
   */
  private static void refuseKnownDeviations(Model model, List<Node> region, Map<Value, Tensor> constants,
      Set<Value> wanted) {
    // NOTE: the crash check reads the sizes of the values the region computes: inference on a model
    // of the region (inputs as initializers) gives them, as RegionForecast does before evaluation.
    Model probe = RegionModel.of(model, region, constants, wanted, new HashMap<>());
    try {
      new Analyses().shapes(probe);
    } catch (RuntimeException e) {
      throw new UnsupportedOperationException("its sizes cannot be inferred before evaluation (" + e.getMessage() + ")");
    }
    List<Node> copies = probe.graph().nodes();
    Map<Node, String> refused = new LinkedHashMap<>();
    for (int i = 0; i < region.size(); i++) {
      Node n = region.get(i);
      Optional<String> crash = OrtKnownDeviations.crash(copies.get(i));
      if (crash.isPresent()) {
        refused.put(n, crash.get());
        continue;
      }
      OptionalLong opset = model.opsetImports().version(n.domain());
      if (opset.isEmpty() || !SchemaRegistry.standard().knows(OpId.of(n))) {
        continue;
      }
      Optional<OpSchema> schema = SchemaRegistry.standard().lookup(OpId.of(n), opset.getAsLong());
      schema.flatMap(s -> OrtKnownDeviations.refusal(n, s.sinceVersion(), constants)).ifPresent(r -> refused.put(n, r));
    }
    if (!refused.isEmpty()) {
      throw new RefusedNodesException(refused);
    }
  }
}
