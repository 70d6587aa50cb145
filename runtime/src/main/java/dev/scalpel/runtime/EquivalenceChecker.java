package dev.scalpel.runtime;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks that a rewritten model computes what the original computes: both run through ONNX
 * Runtime (optimizations off) on the same inputs, at several values of every dynamic dim, and
 * every output of the original is compared with the rewritten model's output of the same name.
 *
 * <p>The steps: compare signatures ({@link SignatureComparator}); check user inputs ({@link
 * UserInputs}); load both models (a refusal is a {@link ModelNotRunnableException}); find the
 * first {@link DimPlanner} candidate at which the original runs in every run, generating inputs
 * with {@link InputGenerator}; run the rewritten model on the same inputs; compare ({@link
 * TensorComparator}). A rewritten model that fails on inputs the original accepted fails the
 * outputs of that run (a {@link RunOutcome.Failed}); it is not an exception.
 */
public final class EquivalenceChecker {
  private EquivalenceChecker() {}

  /** Checks two in-memory models. */
  public static EquivalenceReport check(Model original, Model rewritten, CheckOptions options) {
    return check(ModelSource.of(original), ModelSource.of(rewritten), options);
  }

  /**
   * Checks {@code rewritten} against {@code original}.
   *
   * @throws ModelNotRunnableException if either model cannot be loaded, or the original cannot run
   *     at the dims the user fixed; a {@link NoRunnableDimsException} if it cannot run at any dims
   *     Scalpel chose
   * @throws InputSpecException if user inputs contradict the original's inputs, or an input cannot
   *     be generated
   * @throws IllegalArgumentException if a dim override names no dynamic dim
   */
  public static EquivalenceReport check(ModelSource original, ModelSource rewritten, CheckOptions options) {
    List<InputSpec> inputs = InputSpec.of(original.model());
    List<InputSpec> rewrittenInputs = InputSpec.of(rewritten.model());
    List<SignatureIssue> issues = SignatureComparator.compare(original.model(), rewritten.model(), options.inputs().keySet());
    UserInputs.validate(inputs, rewrittenInputs, options.inputs());
    Map<String, Tensor> rewrittenOnly = UserInputs.onlyInRewritten(inputs, rewrittenInputs, options.inputs());
    try (OrtRunner orig = OrtRunner.open(original, ModelRole.ORIGINAL, options.intraOpThreads());
        OrtRunner rewr = OrtRunner.open(rewritten, ModelRole.REWRITTEN, options.intraOpThreads())) {
      ReferenceRuns reference = ReferenceRuns.find(orig, original.model(), inputs, options);
      boolean inputsFatal = issues.stream().anyMatch(i -> i.fatal() && i.kind() != SignatureIssue.Kind.OUTPUT_ONLY_IN_ORIGINAL);
      List<Double> rewrittenMs = new ArrayList<>();
      List<OrtRunner.RunResult> rewrittenResults = new ArrayList<>();
      List<String> rewrittenErrors = new ArrayList<>();
      for (int r = 0; r < reference.inputs().size(); r++) {
        if (inputsFatal) {
          rewrittenResults.add(null);
          rewrittenErrors.add("not run: its inputs differ from the original's");
          rewrittenMs.add(Double.NaN);
          continue;
        }
        try {
          Map<String, Tensor> in = new java.util.LinkedHashMap<>(reference.inputs().get(r));
          in.putAll(rewrittenOnly);
          OrtRunner.RunResult result = rewr.run(in);
          rewrittenResults.add(result);
          rewrittenErrors.add(null);
          rewrittenMs.add(result.millis());
        } catch (ModelNotRunnableException e) {
          rewrittenResults.add(null);
          rewrittenErrors.add(e.ortMessage());
          rewrittenMs.add(Double.NaN);
        }
      }
      List<OutputVerdict> verdicts = new ArrayList<>();
      for (String name : SignatureComparator.outputNames(original.model())) {
        Tolerance tolerance = options.toleranceFor(name);
        List<RunOutcome> outcomes = new ArrayList<>();
        for (int r = 0; r < reference.inputs().size(); r++) {
          OrtRunner.RunResult actual = rewrittenResults.get(r);
          Tensor expected = reference.results().get(r).outputs().get(name);
          if (actual == null) {
            outcomes.add(new RunOutcome.Failed(r, rewrittenErrors.get(r)));
          } else if (actual.outputs().get(name) == null) {
            outcomes.add(new RunOutcome.Failed(r, "output '" + name + "' not produced"));
          } else {
            outcomes.add(new RunOutcome.Compared(r, TensorComparator.compare(expected, actual.outputs().get(name), tolerance)));
          }
        }
        verdicts.add(OutputVerdict.of(name, tolerance, outcomes));
      }
      List<Double> originalMs = reference.results().stream().map(OrtRunner.RunResult::millis).collect(java.util.stream.Collectors.toList());
      Timings timings = new Timings(orig.loadMillis(), rewr.loadMillis(), originalMs, rewrittenMs);
      return EquivalenceReport.of(issues, reference.assignments(), verdicts, timings);
    }
  }
}
