package dev.scalpel.cli;

import dev.scalpel.cli.report.SimplifyText;
import dev.scalpel.passes.PassFailedException;
import dev.scalpel.runtime.simplify.Simplifier;
import dev.scalpel.runtime.simplify.SimplifyOptions;
import dev.scalpel.runtime.simplify.SimplifyReport;
import dev.scalpel.runtime.simplify.SimplifyResult;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.traverse.GraphVerifier;
import dev.scalpel.graph.Finding;
import dev.scalpel.opset.lint.ModelLinter;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckRequest;
import dev.scalpel.runtime.RunProgress;
import dev.scalpel.runtime.Tolerance;
import dev.scalpel.passes.PassRegistry;
import dev.scalpel.runtime.DimPlanner;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.InputSpec;
import dev.scalpel.runtime.InputSpecException;
import dev.scalpel.runtime.ModelNotRunnableException;
import dev.scalpel.runtime.CheckTooLargeException;
import dev.scalpel.runtime.NoRunnableDimsException;
import dev.scalpel.runtime.ModelSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs the stages of {@code scalpel check} on one model, in two steps so that the command can
 * check its {@code --dims} against every model before running any: {@link #load} reads the model
 * and verifies its IR ({@link GraphVerifier}; every finding fails the stage), {@link #run} has
 * ONNX Runtime load and run it at two values of each dynamic dim.
 *
 * <p>The run stage is {@link EquivalenceChecker} with the model against itself: it already plans
 * the dims, generates typed inputs, and turns ONNX Runtime's refusals into {@link
 * ModelNotRunnableException}. The lint stage checks the model against the operator schemas
 * ({@link ModelLinter}); errors fail it, warnings do not. The simplify stage runs {@link
 * Simplifier} with its validation (same seed and dims; the original runs from its own file) on
 * models that passed every earlier stage:
 * it fails when the simplified model's outputs differ from the original's, which means the model
 * cannot be simplified safely (and is a bug to report).
 */
final class ModelChecker {
  /** The stages, in order. */
  static final List<String> STAGES = List.of("load", "lint", "run", "simplify");

  /** A model after the load stage: its source, or null when it could not be read. */
  record Loaded(String file, ModelSource source, StageResult load) {
    /** The model's dynamic dim symbols, empty if it could not be read. */
    Set<String> symbols() {
      return source == null ? Set.of() : DimPlanner.symbols(InputSpec.of(source.model()));
    }
  }

  private ModelChecker() {}

  /**
   * The load stage: read the model (a failure is an error) and verify its IR (findings fail it).
   * An error's message names {@code file}: the reader's messages do ("F: invalid model: ...", "no
   * such file: F"), and one that does not gets the path in front.
   */
  static Loaded load(Path file) {
    long start = System.nanoTime();
    ModelSource source;
    try {
      source = ModelSource.read(file);
    } catch (Exception e) {
      Failure f = Failure.of(e);
      if (f.internal()) {
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
      String message = f.message().contains(file.toString()) ? f.message() : file + ": " + f.message();
      StageResult load = new StageResult("load", StageResult.Status.ERROR, message, List.of(), f.exitCode(), millisSince(start));
      return new Loaded(file.toString(), null, load);
    }
    Model model = source.model();
    List<Finding> findings = GraphVerifier.verify(model);
    double ms = millisSince(start);
    StageResult load;
    if (findings.isEmpty()) {
      load = StageResult.passed("load", "read and verified: " + nodes(model.graph().nodeCount())
          + ", IR version " + model.irVersion() + ", no verifier findings", ms);
    } else {
      List<String> details = new ArrayList<>();
      findings.forEach(f -> details.add(f.toString()));
      load = new StageResult("load", StageResult.Status.FAILED, "the graph breaks " + findings.size()
          + " IR rule" + (findings.size() == 1 ? "" : "s") + ": " + findings.get(0), details, ExitCodes.CHECK_FAILED, ms);
    }
    return new Loaded(file.toString(), source, load);
  }

  /**
   * The stages of one model, with the seed and those {@code --dims} overrides whose symbols this
   * model has; the simplify stage folds as {@code folding} says and compares at {@code tolerance}
   * ({@link ToleranceOptions#tolerance}). Each ONNX Runtime run is told to {@code progress} as it
   * starts; the simplify stage's result, when it ran, goes to {@code simplified}.
   */
  static ModelCheck run(Loaded loaded, RunOptions runOptions, Tolerance tolerance, FoldingOptions folding,
      RunProgress progress, java.util.function.Consumer<SimplifyResult> simplified) {
    List<StageResult> stages = new ArrayList<>();
    stages.add(loaded.load());
    stages.add(lint(loaded));
    List<Map<String, Long>> runs = List.of();
    CheckOptions options = runOptions.apply(CheckOptions.defaults().withTolerance(tolerance), loaded.symbols());
    if (loaded.source() == null) {
      stages.add(StageResult.skipped("run", "not run: the model could not be read"));
    } else {
      long start = System.nanoTime();
      try {
        EquivalenceReport report = EquivalenceChecker.check(
            CheckRequest.of(loaded.source(), loaded.source(), options).withProgress(progress));
        runs = report.runs();
        stages.add(StageResult.passed("run", ranMessage(report), millisSince(start)));
      } catch (NoRunnableDimsException e) {
        stages.add(new StageResult("run", StageResult.Status.FAILED, e.getMessage(), List.of(),
            ExitCodes.CHECK_FAILED, millisSince(start)));
      } catch (CheckTooLargeException e) {
        stages.add(new StageResult("run", StageResult.Status.FAILED, e.getMessage(), List.of(),
            ExitCodes.CHECK_FAILED, millisSince(start)));
      } catch (ModelNotRunnableException e) {
        String what = e.stage() == ModelNotRunnableException.Stage.LOAD ? "load" : "run";
        stages.add(new StageResult("run", StageResult.Status.ERROR, "ONNX Runtime cannot " + what + " the model: "
            + e.ortMessage(), List.of(), ExitCodes.INVALID_MODEL, millisSince(start)));
      } catch (InputSpecException e) {
        stages.add(new StageResult("run", StageResult.Status.FAILED, "cannot make inputs for it: " + e.getMessage(),
            List.of(), ExitCodes.CHECK_FAILED, millisSince(start)));
      }
    }
    boolean earlierPassed = stages.stream().allMatch(st -> st.status() == StageResult.Status.PASSED);
    stages.add(earlierPassed
        ? simplify(loaded, progress, SimplifyOptions.defaults().withCheck(options).withMaxFoldOutputBytes(folding.foldBudget())
            .withFoldWithOnnxRuntime(folding.ortFolding()).withFoldQdq(folding.foldQdq()), simplified)
        : StageResult.skipped("simplify", "not run: an earlier stage did not pass"));
    return new ModelCheck(loaded.file(), stages, runs);
  }

  /** The simplify stage: simplify a copy and check it against the original. */
  private static StageResult simplify(Loaded loaded, RunProgress progress, SimplifyOptions options,
      java.util.function.Consumer<SimplifyResult> simplified) {
    long start = System.nanoTime();
    SimplifyReport r;
    try {
      SimplifyResult result = new Simplifier(PassRegistry.standard(), pass -> { }, phase -> { }, progress)
          .run(loaded.source(), options, null);
      simplified.accept(result);
      r = result.report();
    } catch (PassFailedException e) {
      return new StageResult("simplify", StageResult.Status.FAILED, "internal error: " + e.getMessage()
          + " (please report this)", List.of(), ExitCodes.INTERNAL_ERROR, millisSince(start));
    } catch (ModelNotRunnableException e) {
      return new StageResult("simplify", StageResult.Status.FAILED, "ONNX Runtime cannot run the simplified model: "
          + e.ortMessage() + " (please report this)", List.of(), ExitCodes.CHECK_FAILED, millisSince(start));
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return new StageResult("simplify", StageResult.Status.ERROR, "cannot stage the simplified model: "
          + e.getMessage(), List.of(), ExitCodes.IO_ERROR, millisSince(start));
    }
    String sizes = nodes(r.before().nodes()) + " -> " + r.after().nodes();
    EquivalenceReport check = r.validation().orElseThrow();
    if (check.passed()) {
      return StageResult.passed("simplify", "simplified " + sizes + ", outputs agree: "
          + SimplifyText.verdictLine(check), millisSince(start));
    }
    List<String> details = new ArrayList<>();
    check.failedOutputs().forEach(o -> details.add(o.name() + ": " + o.worst().summary()));
    return new StageResult("simplify", StageResult.Status.FAILED, "simplified " + sizes
        + ", but the outputs differ from the original's (please report this; `scalpel simplify --skip` "
        + "can leave the culprit out)", details, ExitCodes.OUTPUTS_DIFFER, millisSince(start));
  }

  /** The lint stage: ERROR findings fail it; warnings are listed but pass. */
  private static StageResult lint(Loaded loaded) {
    if (loaded.source() == null) {
      return StageResult.skipped("lint", "not run: the model could not be read");
    }
    long start = System.nanoTime();
    List<Finding> findings = ModelLinter.standard().lint(loaded.source().model());
    double ms = millisSince(start);
    List<String> details = new ArrayList<>();
    findings.forEach(f -> details.add(f.toString()));
    long errors = findings.stream().filter(Finding::isError).count();
    long warnings = findings.size() - errors;
    if (errors > 0) {
      Finding first = findings.stream().filter(Finding::isError).findFirst().orElseThrow();
      return new StageResult("lint", StageResult.Status.FAILED, errors + " error" + (errors == 1 ? "" : "s")
          + " against the operator schemas: " + first, details, ExitCodes.CHECK_FAILED, ms);
    }
    return new StageResult("lint", StageResult.Status.PASSED, warnings == 0
        ? "no findings against the operator schemas"
        : warnings + " warning" + (warnings == 1 ? "" : "s") + ", no errors", details, ExitCodes.OK, ms);
  }

  private static String ranMessage(EquivalenceReport report) {
    List<String> runs = new ArrayList<>();
    report.runs().forEach(r -> runs.add(Validation.dimsText(r)));
    String message = String.format(Locale.ROOT, "ONNX Runtime ran it %d time%s (%s), %.2f ms per run",
        runs.size(), runs.size() == 1 ? "" : "s", String.join("; ", runs), report.timings().originalMeanRunMs());
    if (!report.passed()) {
      // NOTE: both sessions got the same inputs; differing outputs mean random ops or a
      // nondeterministic kernel. It runs, which is what this stage checks, so it still passes.
      message += "; note: two sessions gave different outputs on the same inputs (nondeterministic model?)";
    }
    return message;
  }

  private static String nodes(int n) {
    return n + (n == 1 ? " node" : " nodes");
  }

  private static double millisSince(long start) {
    return (System.nanoTime() - start) / 1e6;
  }
}
