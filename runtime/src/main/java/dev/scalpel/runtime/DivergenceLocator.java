package dev.scalpel.runtime;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.traverse.TopologicalOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the first node where two models diverge.
 *
 * <p>Tensors that both models compute (node outputs of the main graph with the same name) become
 * extra graph outputs of deep copies of both models; both copies run on the same inputs; the
 * shared tensors are compared in the topological order of the <em>rewritten</em> model, and the
 * first one outside tolerance names its producing node. The rewritten model's order is used
 * because the fault is in the rewritten model: the node named is one the user can find there.
 * Shared tensors declared as non-tensors (sequences, maps) are skipped. Tolerances are those of
 * the {@link CheckOptions}: a per-output tolerance applies to an intermediate of the same name.
 *
 * <p>The node named is where the difference first shows, not necessarily what is wrong: a dropped
 * Relu shows at the next node that reads the tensor the Relu used to produce.
 */
public final class DivergenceLocator {
  private DivergenceLocator() {}

  /**
   * Localizes on the inputs {@link EquivalenceChecker} generates for the dim assignment {@code
   * dims} (a run of {@link EquivalenceReport#runs()}) under {@code options}.
   */
  public static Localization locate(ModelSource original, ModelSource rewritten, CheckOptions options, Map<String, Long> dims) {
    List<InputSpec> specs = InputSpec.of(original.model());
    List<InputSpec> rewrittenSpecs = InputSpec.of(rewritten.model());
    UserInputs.validate(specs, rewrittenSpecs, options.inputs());
    Map<String, Tensor> inputs = new java.util.LinkedHashMap<>(
        options.inputGenerator().generate(specs, DimPlan.fixed(dims), 0, options.inputs()));
    // NOTE: each runner takes only the inputs its model declares, so one map feeds both.
    inputs.putAll(UserInputs.onlyInRewritten(specs, rewrittenSpecs, options.inputs()));
    return locate(original, rewritten, inputs, options);
  }

  public static Localization locate(Model original, Model rewritten, CheckOptions options, Map<String, Long> dims) {
    return locate(ModelSource.of(original), ModelSource.of(rewritten), options, dims);
  }

  /** Localizes on the given inputs. */
  public static Localization locate(ModelSource original, ModelSource rewritten, Map<String, Tensor> inputs, CheckOptions options) {
    Model orig = original.model().deepCopy();
    Model rewr = rewritten.model().deepCopy();
    Map<String, Value> origProduced = new HashMap<>();
    for (Node n : orig.graph()) {
      for (Value v : n.outputs()) {
        if (!v.name().isEmpty() && isTensorOrUnknown(v)) {
          origProduced.put(v.name(), v);
        }
      }
    }
    List<Node> producers = new ArrayList<>();
    List<String> shared = new ArrayList<>();
    for (Node n : TopologicalOrder.of(rewr.graph())) {
      for (Value v : n.outputs()) {
        Value o = origProduced.get(v.name());
        if (o != null && isTensorOrUnknown(v)) {
          producers.add(n);
          shared.add(v.name());
          exposeAsOutput(rewr, v);
          exposeAsOutput(orig, o);
        }
      }
    }
    OrtRunner.RunResult expected;
    OrtRunner.RunResult actual;
    try (OrtRunner o = OrtRunner.open(ModelSource.of(orig), ModelRole.ORIGINAL, options.intraOpThreads());
        OrtRunner r = OrtRunner.open(ModelSource.of(rewr), ModelRole.REWRITTEN, options.intraOpThreads())) {
      expected = o.run(inputs);
      actual = r.run(inputs);
    } catch (ModelNotRunnableException e) {
      return new Localization(null, 0, List.of(), e.getMessage());
    }
    List<String> uncomparable = new ArrayList<>();
    int compared = 0;
    for (int i = 0; i < shared.size(); i++) {
      String name = shared.get(i);
      Tensor e = expected.outputs().get(name);
      Tensor a = actual.outputs().get(name);
      if (e == null || a == null || !ElementView.supports(e.dataType()) || !ElementView.supports(a.dataType())) {
        uncomparable.add(name);
        continue;
      }
      compared++;
      TensorDiff diff = TensorComparator.compare(e, a, options.toleranceFor(name, e.dataType()));
      if (!diff.passed()) {
        Node n = producers.get(i);
        return new Localization(new Divergence(n.name(), n.opType(), name, diff), compared, uncomparable, null);
      }
    }
    return new Localization(null, compared, uncomparable, null);
  }

  private static void exposeAsOutput(Model model, Value v) {
    if (!v.isGraphOutput()) {
      // NOTE: the value may have no declared type; ONNX Runtime infers the type of such outputs.
      model.graph().addOutput(v);
    }
  }

  private static boolean isTensorOrUnknown(Value v) {
    return v.type() == null || v.type() instanceof ValueType.TensorType;
  }
}
