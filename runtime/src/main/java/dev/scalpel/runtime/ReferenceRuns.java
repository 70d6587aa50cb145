package dev.scalpel.runtime;

import dev.scalpel.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model's runs through ONNX Runtime at the first {@link DimPlanner} candidate where every run
 * succeeds: the dim assignment, the generated inputs and the results of each run. This is the
 * planning {@link EquivalenceChecker} does for the original model; {@link #of} offers it to
 * callers that need the runs of one model (such as checking inferred shapes against real ones).
 *
 * <p>Invariant: the three lists have one entry per run, in run order.
 */
public record ReferenceRuns(List<Map<String, Long>> assignments, List<Map<String, Tensor>> inputs,
    List<OrtRunner.RunResult> results) {

  public ReferenceRuns {
    assignments = List.copyOf(assignments);
    inputs = List.copyOf(inputs);
    results = List.copyOf(results);
  }

  /**
   * Runs {@code model} as {@link EquivalenceChecker} runs the original: user inputs and dim
   * overrides of {@code options} apply, other inputs are generated, candidates are tried in order.
   *
   * @throws ModelNotRunnableException if the model cannot be loaded, or cannot run at any candidate
   * @throws InputSpecException if user inputs contradict the model's inputs
   * @throws IllegalArgumentException if a dim override names no dynamic dim
   */
  public static ReferenceRuns of(ModelSource model, CheckOptions options) {
    List<InputSpec> specs = InputSpec.of(model.model());
    UserInputs.validate(specs, options.inputs());
    List<DimPlan> candidates = new DimPlanner(options.dims()).candidates(specs, options.inputs());
    try (OrtRunner runner = OrtRunner.open(model, ModelRole.ORIGINAL, options.intraOpThreads())) {
      return find(runner, specs, candidates, options.inputGenerator(), options.inputs());
    }
  }

  public int runs() {
    return results.size();
  }

  static ReferenceRuns find(OrtRunner original, List<InputSpec> specs, List<DimPlan> candidates,
      InputGenerator generator, Map<String, Tensor> userInputs) {
    ModelNotRunnableException last = null;
    for (DimPlan plan : candidates) {
      List<Map<String, Long>> assignments = new ArrayList<>();
      List<Map<String, Tensor>> inputs = new ArrayList<>();
      List<OrtRunner.RunResult> results = new ArrayList<>();
      try {
        for (int r = 0; r < plan.runs(); r++) {
          Map<String, Tensor> in = generator.generate(specs, plan, r, userInputs);
          assignments.add(plan.assignment(r));
          inputs.add(in);
          results.add(original.run(in));
        }
        return new ReferenceRuns(assignments, inputs, results);
      } catch (ModelNotRunnableException e) {
        // NOTE: the original failing at these sizes says nothing about the rewrite; try larger ones.
        last = new ModelNotRunnableException(ModelRole.ORIGINAL, ModelNotRunnableException.Stage.RUN,
            e.ortMessage() + " (at dims " + assignments.get(assignments.size() - 1) + ")", e);
      }
    }
    throw last;
  }
}
