package dev.scalpel.runtime.audit;

import dev.scalpel.passes.Analyses;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.traverse.TopologicalOrder;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckFootprint;
import dev.scalpel.runtime.CheckTooLargeException;
import dev.scalpel.runtime.DimPlan;
import dev.scalpel.runtime.DimPlanner;
import dev.scalpel.runtime.InputGenerator;
import dev.scalpel.runtime.InputSpec;
import dev.scalpel.runtime.ModelNotRunnableException;
import dev.scalpel.runtime.ModelRole;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtRunner;
import dev.scalpel.runtime.UserInputs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shape inference's soundness audit: every type {@link ShapeInference} gives a node output of a
 * model's main graph is compared with the tensor ONNX Runtime produces for it, at several points
 * (assignments of the dynamic dims). A static dim must equal the real size; a symbolic dim must
 * evaluate to it, with the symbols the inputs bind and, for data-dependent symbols, the size the
 * symbol had where it first appeared whole in that run (so every value sharing a symbol agrees);
 * unknown dims claim nothing. The element type and rank must match too.
 *
 * <p>The model is not changed: inference runs on one copy, and ONNX Runtime runs another, the
 * original with every checked value added as a graph output (its declared types as the model
 * has them, nothing inferred, so ONNX Runtime loads it as it would the original).
 *
 * <p>Points come from {@link DimPlanner}'s candidates, best first: each candidate's runs are
 * tried in order and every run that succeeds is a point, until {@code minPoints} are reached or
 * the candidates run out. A model without dynamic dims has one point.
 */
public final class ShapeAudit {
  /** Points audited unless the caller asks otherwise. */
  public static final int DEFAULT_POINTS = 3;

  private ShapeAudit() {}

  /** A node output checked: its name, producer and inferred type. */
  private record Checked(String name, String node, ValueType.TensorType type) {}

  /**
   * Audits {@code model} (left unchanged) at {@code minPoints} points or as many as its dim
   * candidates give; user inputs and dim overrides of {@code options} apply.
   *
   * @throws ModelNotRunnableException if ONNX Runtime cannot load the model or run it at any point
   * @throws CheckTooLargeException if nothing ran because every point's run is predicted over
   *     {@link CheckOptions#maxCheckBytes()}
   * @throws dev.scalpel.runtime.InputSpecException if user inputs contradict the model's inputs
   * @throws IllegalArgumentException if a dim override names no dynamic dim
   */
  public static ShapeAuditReport audit(Model model, CheckOptions options, int minPoints) {
    Model inferred = model.deepCopy();
    new Analyses().shapes(inferred);
    Model exposed = model.deepCopy();
    Map<String, Value> exposedValues = new HashMap<>();
    for (Node n : exposed.graph()) {
      for (Value v : n.outputs()) {
        exposedValues.put(v.name(), v);
      }
    }
    List<Checked> checked = new ArrayList<>();
    int untyped = 0;
    int notTensors = 0;
    for (Node n : TopologicalOrder.of(inferred.graph())) {
      for (Value v : n.outputs()) {
        if (v.name().isEmpty()) {
          continue;
        }
        if (v.type() == null || v.type() instanceof ValueType.UnspecifiedType) {
          untyped++;
          continue;
        }
        if (!(v.type() instanceof ValueType.TensorType t)) {
          notTensors++;
          continue;
        }
        Value out = exposedValues.get(v.name());
        checked.add(new Checked(v.name(), n.describe(), t));
        if (!out.isGraphOutput()) {
          if (!(out.type() instanceof ValueType.TensorType)) {
            // NOTE: a graph output needs an element type; the shape stays unclaimed.
            out.setType(new ValueType.TensorType(t.elementType(), null));
          }
          exposed.graph().addOutput(out);
        }
      }
    }
    List<InputSpec> specs = InputSpec.of(model);
    UserInputs.validate(specs, options.inputs());
    List<DimPlan> candidates = new DimPlanner(options.dims()).candidates(specs, options.inputs());
    InputGenerator generator = options.inputGenerator();
    ShapeAgreement agreement = new ShapeAgreement();
    List<Map<String, Long>> assignments = new ArrayList<>();
    ModelNotRunnableException last = null;
    // NOTE: the same memory budget as the check (--max-check-bytes), predicted before a run: a
    // 100-byte model whose Expand makes 8 GiB ran unbounded here (issue 13). Every value is a graph
    // output of the audited copy, so the prediction (live values) is a lower bound of what it holds.
    CheckFootprint footprint = CheckFootprint.of(model);
    long budget = options.maxCheckBytes();
    long leastOverBudget = Long.MAX_VALUE;
    try (OrtRunner runner = OrtRunner.open(ModelSource.of(exposed), ModelRole.ORIGINAL, options.intraOpThreads())) {
      for (DimPlan plan : candidates) {
        long needed = -1;
        for (int r = 0; r < plan.runs() && assignments.size() < minPoints; r++) {
          // NOTE: inputs first: one that cannot be generated at all (2^31 elements or more) is the
          // user's to fix (InputSpecException names it); then the budget, before anything runs.
          Map<String, Tensor> feeds = generator.generate(specs, plan, r, options.inputs());
          needed = needed >= 0 ? needed : footprint.bytes(plan, specs, options.inputs());
          if (needed > budget) {
            leastOverBudget = Math.min(leastOverBudget, needed);
            break;
          }
          Map<String, Tensor> outputs;
          try {
            outputs = runner.run(feeds).outputs();
          } catch (ModelNotRunnableException e) {
            // NOTE: sizes the model does not accept say nothing about inference; try the next candidate.
            last = e;
            break;
          }
          int point = assignments.size();
          assignments.add(plan.assignment(r));
          Map<String, Long> symbols = RunSymbols.of(model.graph().inputs(), feeds);
          for (Checked c : checked) {
            agreement.compare(c.name(), c.node(), c.type(), outputs.get(c.name()), point, symbols);
          }
        }
        if (assignments.size() >= minPoints) {
          break;
        }
      }
    }
    if (assignments.isEmpty()) {
      if (last != null) {
        throw last;
      }
      if (leastOverBudget != Long.MAX_VALUE) {
        throw new CheckTooLargeException(leastOverBudget, budget,
            "one run of the model would need (inputs and live values by shape inference)", "the check's memory budget",
            "give smaller sizes with --dims, or raise it with --max-check-bytes");
      }
      throw new ModelNotRunnableException(ModelRole.ORIGINAL, ModelNotRunnableException.Stage.RUN,
          "no sizes of its dynamic dims to run it at", null);
    }
    return new ShapeAuditReport(checked.size(), assignments, agreement.valueRunsChecked(), agreement.dimsChecked(),
        agreement.staticDimsChecked(), agreement.symbolicDimsEvaluated(), agreement.freshDimsSkipped(),
        agreement.unknownDims(), agreement.unknownRanks(), untyped, notTensors, agreement.mismatches(), agreement.unboundSymbols());
  }
}
