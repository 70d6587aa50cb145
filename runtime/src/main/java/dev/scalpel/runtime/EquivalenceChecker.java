package dev.scalpel.runtime;

import dev.scalpel.graph.DataType;
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
  /** How an output of the rewritten model whose type differs from the original's is compared. */
  public enum OutputTypes {
    /** It fails: a rewrite keeps every output's type. */
    SAME,
    /**
     * A float16 or bfloat16 output facing a float32 (or double) one is widened to the original's
     * type, which is exact, and compared with the original's full-precision values: the check of
     * a precision conversion, whose output rounding is part of its error. Other differences fail.
     */
    WIDENED
  }

  private EquivalenceChecker() {}

  /** Checks two in-memory models; see {@link #check(CheckRequest)}. */
  public static EquivalenceReport check(Model original, Model rewritten, CheckOptions options) {
    return check(CheckRequest.of(ModelSource.of(original), ModelSource.of(rewritten), options));
  }

  /** Checks {@code rewritten} against {@code original}; see {@link #check(CheckRequest)}. */
  public static EquivalenceReport check(ModelSource original, ModelSource rewritten, CheckOptions options) {
    return check(CheckRequest.of(original, rewritten, options));
  }

  /**
   * Checks {@code request}'s rewritten model against its original, comparing outputs of other types
   * as {@link CheckRequest#outputTypes()} says and telling {@link CheckRequest#progress()} of each
   * run as it starts.
   *
   * @throws ModelNotRunnableException if either model cannot be loaded, or the original cannot run
   *     at the dims the user fixed; a {@link NoRunnableDimsException} if it cannot run at any dims
   *     Scalpel chose
   * @throws InputSpecException if user inputs contradict the original's inputs, or an input cannot
   *     be generated
   * @throws IllegalArgumentException if a dim override names no dynamic dim
   */
  public static EquivalenceReport check(CheckRequest request) {
    ModelSource original = request.original();
    ModelSource rewritten = request.rewritten();
    CheckOptions given = request.options();
    OutputTypes outputTypes = request.outputTypes();
    RunProgress progress = request.progress();
    // NOTE: the default budget is read once here, so both models' runs are held to the same number.
    CheckOptions options = given.withMaxCheckBytes(given.maxCheckBytes());
    List<InputSpec> inputs = InputSpec.of(original.model());
    List<InputSpec> rewrittenInputs = InputSpec.of(rewritten.model());
    // NOTE: inputs only the rewritten model has are fed from two places: the edit's own values
    // (CheckOptions.rewrittenInputs, e.g. parameterize-resize's factor) and tensors the user gave
    // for them (validate --load-inputs); the edit's values win.
    Map<String, Tensor> rewrittenOnly = new java.util.LinkedHashMap<>(
        UserInputs.onlyInRewritten(inputs, rewrittenInputs, options.inputs()));
    rewrittenOnly.putAll(options.rewrittenInputs());
    validateRewrittenOnly(inputs, rewrittenInputs, options.rewrittenInputs());
    List<SignatureIssue> issues = SignatureComparator.compare(original.model(), rewritten.model(), rewrittenOnly.keySet());
    UserInputs.validate(inputs, rewrittenInputs, options.inputs());
    // NOTE: one session at a time. The original's outputs are copied to the heap (they are
    // small next to the weights), its session is closed, and only then is the rewritten model
    // loaded: ONNX Runtime maps each model's weights, so two open sessions would double the
    // resident memory of a multi-gigabyte check.
    ReferenceRuns reference;
    double originalLoadMillis;
    try (OrtRunner orig = OrtRunner.open(original, ModelRole.ORIGINAL, options.intraOpThreads())) {
      reference = ReferenceRuns.find(orig, original.model(), inputs, options, progress);
      originalLoadMillis = orig.loadMillis();
    }
    checkRewrittenFits(rewritten.model(), reference, options.maxCheckBytes());
    try (OrtRunner rewr = OrtRunner.open(rewritten, ModelRole.REWRITTEN, options.intraOpThreads())) {
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
        progress.starting(ModelRole.REWRITTEN, r + 1, reference.inputs().size(), reference.assignments().get(r));
        try {
          OrtRunner.RunResult result = rewr.run(withRewrittenInputs(reference.inputs().get(r), rewrittenOnly));
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
        Tolerance tolerance = options.toleranceFor(name, outputType(reference, name));
        List<RunOutcome> outcomes = new ArrayList<>();
        for (int r = 0; r < reference.inputs().size(); r++) {
          OrtRunner.RunResult actual = rewrittenResults.get(r);
          Tensor expected = reference.results().get(r).outputs().get(name);
          if (actual == null) {
            outcomes.add(new RunOutcome.Failed(r, rewrittenErrors.get(r)));
          } else if (actual.outputs().get(name) == null) {
            outcomes.add(new RunOutcome.Failed(r, "output '" + name + "' not produced"));
          } else {
            Tensor got = actual.outputs().get(name);
            if (outputTypes == OutputTypes.WIDENED && isWidening(got.dataType(), expected.dataType())) {
              got = widened(got, expected.dataType());
            }
            outcomes.add(new RunOutcome.Compared(r, TensorComparator.compare(expected, got, tolerance)));
          }
        }
        verdicts.add(OutputVerdict.of(name, tolerance, outcomes));
      }
      List<Double> originalMs = reference.results().stream().map(OrtRunner.RunResult::millis).collect(java.util.stream.Collectors.toList());
      Timings timings = new Timings(originalLoadMillis, rewr.loadMillis(), originalMs, rewrittenMs);
      return EquivalenceReport.of(issues, reference.assignments(), verdicts, timings);
    }
  }

  /**
   * Refuses the check when a run of the rewritten model at the dims the original ran at is
   * predicted ({@link CheckFootprint}) over {@code budget}: its values may be far larger than the
   * original's, and ONNX Runtime would allocate them before anything could compare.
   *
   * @throws CheckTooLargeException naming the need and the budget
   */
  private static void checkRewrittenFits(Model rewritten, ReferenceRuns reference, long budget) {
    CheckFootprint footprint = CheckFootprint.of(rewritten);
    for (int r = 0; r < reference.runs(); r++) {
      long inputs = 0;
      for (Tensor t : reference.inputs().get(r).values()) {
        inputs = Math.max(inputs, inputs + t.byteSize());
      }
      long values = footprint.valueBytes(reference.assignments().get(r));
      long needed = inputs > Long.MAX_VALUE - values ? Long.MAX_VALUE : inputs + values;
      if (needed > budget) {
        throw new CheckTooLargeException(needed, budget, "one run of the rewritten model at " + reference.assignments().get(r)
            + " would need (inputs and live values by shape inference)", "the check's memory budget",
            "raise it with --max-check-bytes, or skip the check");
      }
    }
  }

  /**
   * Checks the edit's own values for inputs only the rewritten model has: each must be such an
   * input and fit its declared type. (The signature comparison notes them as fed.)
   *
   * @throws InputSpecException if a fed input is one the original takes too, or does not fit
   */
  private static void validateRewrittenOnly(List<InputSpec> original, List<InputSpec> rewritten, Map<String, Tensor> supplied) {
    if (supplied.isEmpty()) {
      return;
    }
    UserInputs.validate(rewritten, supplied);
    for (InputSpec in : original) {
      if (supplied.containsKey(in.name())) {
        throw new InputSpecException(in.name(), "the original model takes this input too; give its value as an input of both");
      }
    }
  }

  private static Map<String, Tensor> withRewrittenInputs(Map<String, Tensor> inputs, Map<String, Tensor> supplied) {
    if (supplied.isEmpty()) {
      return inputs;
    }
    Map<String, Tensor> all = new java.util.LinkedHashMap<>(inputs);
    all.putAll(supplied);
    return all;
  }

  /** The element type of output {@code name} in the original's first run (float32 if it has none). */
  /** Whether every value of {@code narrow} is a value of {@code wide}, {@code narrow} a half type. */
  private static boolean isWidening(DataType narrow, DataType wide) {
    return (narrow == DataType.FLOAT16 || narrow == DataType.BFLOAT16) && (wide == DataType.FLOAT || wide == DataType.DOUBLE);
  }

  /** {@code t}, a half-type tensor, as a tensor of {@code wide} holding the same values. */
  private static Tensor widened(Tensor t, DataType wide) {
    ElementView v = new ElementView(t);
    int n = v.size();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(Math.toIntExact(wide.byteSize(n))).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      if (wide == DataType.FLOAT) {
        b.putFloat(4 * i, (float) v.getDouble(i));
      } else {
        b.putDouble(8 * i, v.getDouble(i));
      }
    }
    return dev.scalpel.graph.tensor.DenseTensor.wrap(t.name(), wide, t.dims(), b);
  }

  private static DataType outputType(ReferenceRuns reference, String name) {
    for (OrtRunner.RunResult r : reference.results()) {
      Tensor t = r.outputs().get(name);
      if (t != null) {
        return t.dataType();
      }
    }
    return DataType.FLOAT;
  }
}
