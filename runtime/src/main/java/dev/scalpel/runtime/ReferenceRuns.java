package dev.scalpel.runtime;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

  /** Candidates whose inputs (one run's, all inputs together) pass this many bytes are not tried. */
  public static final long INPUT_BUDGET_BYTES = 256L << 20;
  /** The most runs of the original tried while looking for sizes at which it runs. */
  public static final int MAX_ATTEMPTS = 12;

  /**
   * Runs {@code model} as {@link EquivalenceChecker} runs the original: user inputs and dim
   * overrides of {@code options} apply, other inputs are generated, candidates are tried in order.
   *
   * @throws ModelNotRunnableException if the model cannot be loaded, or cannot run at the dims the
   *     user fixed; a {@link NoRunnableDimsException} if it cannot run at any dims Scalpel chose
   * @throws InputSpecException if user inputs contradict the model's inputs
   * @throws IllegalArgumentException if a dim override names no dynamic dim
   */
  public static ReferenceRuns of(ModelSource model, CheckOptions options) {
    List<InputSpec> specs = InputSpec.of(model.model());
    UserInputs.validate(specs, options.inputs());
    try (OrtRunner runner = OrtRunner.open(model, ModelRole.ORIGINAL, options.intraOpThreads())) {
      return find(runner, model.model(), specs, options);
    }
  }

  public int runs() {
    return results.size();
  }

  /**
   * The runs of {@code original} (loaded from {@code model}) at the first {@link DimPlanner}
   * candidate where every run succeeds. Candidates are planned with the {@link DimConditions} of
   * {@code model}; those whose inputs pass {@link #INPUT_BUDGET_BYTES}, or whose run {@link
   * CheckFootprint} predicts over {@link CheckOptions#maxCheckBytes()}, are skipped, and at most
   * {@link #MAX_ATTEMPTS} runs are made.
   *
   * @throws CheckTooLargeException if nothing was run because no candidate fits the budgets
   */
  static ReferenceRuns find(OrtRunner original, Model model, List<InputSpec> specs, CheckOptions options) {
    return find(original, model, specs, options, RunProgress.NONE);
  }

  /** {@link #find(OrtRunner, Model, List, CheckOptions)}, telling {@code progress} of each run as it starts. */
  static ReferenceRuns find(OrtRunner original, Model model, List<InputSpec> specs, CheckOptions options,
      RunProgress progress) {
    DimPlanner planner = new DimPlanner(options.dims());
    Map<String, Tensor> userInputs = options.inputs();
    // NOTE: one inference over the plan symbols (run on first use) serves the conditions and the footprint.
    PlanInference inference = PlanInference.of(model);
    List<DimPlan> candidates = planner.candidates(specs, userInputs, () -> DimConditions.of(inference));
    Set<String> chosen = planner.freeSymbols(specs, userInputs);
    InputGenerator generator = options.inputGenerator();
    Map<String, Set<Long>> tried = new LinkedHashMap<>();
    ModelNotRunnableException firstFailure = null;
    Map<String, Long> firstDims = null;
    int attempts = 0;
    int overBudget = 0;
    int overCheckBudget = 0;
    long leastInputs = Long.MAX_VALUE;
    long leastNeeded = Long.MAX_VALUE;
    CheckFootprint footprint = null;
    long budget = options.maxCheckBytes();
    int notTried = 0;
    for (DimPlan plan : candidates) {
      long inputBytes = plan.inputBytes(specs, userInputs);
      if (inputBytes > INPUT_BUDGET_BYTES) {
        overBudget++;
        leastInputs = Math.min(leastInputs, inputBytes);
        continue;
      }
      if (footprint == null) {
        footprint = CheckFootprint.of(inference);
      }
      long needed = footprint.bytes(plan, specs, userInputs);
      if (needed > budget) {
        overCheckBudget++;
        leastNeeded = Math.min(leastNeeded, needed);
        continue;
      }
      if (attempts >= MAX_ATTEMPTS) {
        notTried++;
        continue;
      }
      List<Map<String, Long>> assignments = new ArrayList<>();
      List<Map<String, Tensor>> inputs = new ArrayList<>();
      List<OrtRunner.RunResult> results = new ArrayList<>();
      try {
        for (int r = 0; r < plan.runs(); r++) {
          Map<String, Tensor> in = generator.generate(specs, plan, r, userInputs);
          assignments.add(plan.assignment(r));
          inputs.add(in);
          attempts++;
          progress.starting(ModelRole.ORIGINAL, r + 1, plan.runs(), plan.assignment(r));
          results.add(original.run(in));
        }
        return new ReferenceRuns(assignments, inputs, results);
      } catch (ModelNotRunnableException e) {
        // NOTE: the original failing at these sizes says nothing about the rewrite; try others.
        Map<String, Long> at = assignments.get(assignments.size() - 1);
        chosen.forEach(s -> tried.computeIfAbsent(s, k -> new LinkedHashSet<>()).add(at.get(s)));
        if (firstFailure == null) {
          firstFailure = e;
          firstDims = at;
        }
      }
    }
    if (firstFailure != null && chosen.isEmpty()) {
      throw new ModelNotRunnableException(ModelRole.ORIGINAL, ModelNotRunnableException.Stage.RUN,
          firstFailure.ortMessage() + " (at dims " + firstDims + ")", firstFailure);
    }
    if (firstFailure == null && (overCheckBudget > 0 || (overBudget > 0 && chosen.isEmpty()))) {
      // NOTE: nothing ran because nothing fit: say so, not "no sizes let it run". Only input-cap
      // skips of a model with dims to choose keep NoRunnableDimsException, whose --dims hint fits.
      String smaller = chosen.isEmpty() ? "" : "give smaller sizes with --dims, ";
      throw overCheckBudget > 0
          ? new CheckTooLargeException(leastNeeded, budget,
              "one run of the original model would need (inputs and live values by shape inference)",
              "the check's memory budget", smaller + "raise it with --max-check-bytes, or skip the check")
          : new CheckTooLargeException(leastInputs, INPUT_BUDGET_BYTES, "the inputs of one run would take",
              "the cap on a run's generated inputs", smaller + "or skip the check");
    }
    List<String> skipped = new ArrayList<>();
    if (overCheckBudget > 0) {
      skipped.add(overCheckBudget + " candidate(s) skipped: predicted memory over the check budget of "
          + CheckTooLargeException.bytes(budget) + " (--max-check-bytes)");
    }
    if (overBudget > 0) {
      skipped.add(overBudget + " candidate(s) skipped: inputs over " + (INPUT_BUDGET_BYTES >> 20) + " MiB");
    }
    if (notTried > 0) {
      skipped.add(notTried + " candidate(s) not tried: stopped after " + MAX_ATTEMPTS + " runs");
    }
    Map<String, List<Long>> triedLists = new LinkedHashMap<>();
    tried.forEach((k, v) -> triedLists.put(k, List.copyOf(v)));
    if (firstFailure == null) {
      chosen.forEach(s -> triedLists.put(s, List.of()));
      throw new NoRunnableDimsException(triedLists, String.join("; ", skipped), Map.of(), "", null);
    }
    throw new NoRunnableDimsException(triedLists, String.join("; ", skipped), firstDims,
        firstFailure.ortMessage(), firstFailure);
  }
}
