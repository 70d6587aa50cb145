package dev.scalpel.runtime.simplify;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ChangeSummary;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.PassRegistry;
import dev.scalpel.passes.Pipelines;
import dev.scalpel.passes.PassResult;
import dev.scalpel.passes.PipelineResult;
import dev.scalpel.passes.dims.DimSpecException;
import dev.scalpel.passes.dims.InputShape;
import dev.scalpel.passes.dims.SetDims;
import dev.scalpel.passes.dims.ShapeCheck;
import dev.scalpel.passes.rewrite.RewriteRule;
import dev.scalpel.passes.rewrite.RuleSet;
import dev.scalpel.runtime.CheckRequest;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.RunProgress;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtEvaluator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Simplifies a model: runs the simplify pipeline ({@link Pipelines#SIMPLIFY} unless the options
 * name passes) to a fixed point on a copy, optionally drops
 * unused inputs, and checks the result against the original through ONNX Runtime; the copy, the
 * check and the write are {@link CheckedEdit}'s.
 *
 * <p>Invariants: the model given is never changed; the result keeps the original's output names
 * and (unless unused inputs are dropped) its inputs; with validation on, {@link
 * SimplifyReport#passed()} is false exactly when ONNX Runtime found the outputs to differ.
 */
public final class Simplifier {
  private final PassRegistry registry;
  private final Consumer<PassResult> progress;
  private final Consumer<String> phases;
  private final RunProgress runs;

  /** A simplifier over the standard passes that reports nothing while it runs. */
  public Simplifier() {
    this(PassRegistry.standard(), r -> { });
  }

  /** @param progress called after each pass run, for progress displays */
  public Simplifier(PassRegistry registry, Consumer<PassResult> progress) {
    this(registry, progress, phase -> { });
  }

  /**
   * @param progress called after each pass run, for progress displays
   * @param phases called when the passes are done with what comes next: {@code "validating in ONNX
   *     Runtime"}, or {@code "writing"} without validation
   */
  public Simplifier(PassRegistry registry, Consumer<PassResult> progress, Consumer<String> phases) {
    this(registry, progress, phases, RunProgress.NONE);
  }

  /**
   * @param progress called after each pass run, for progress displays
   * @param phases called when the passes are done with what comes next
   * @param runs told of each ONNX Runtime run of the validation as it starts
   */
  public Simplifier(PassRegistry registry, Consumer<PassResult> progress, Consumer<String> phases, RunProgress runs) {
    this.registry = registry;
    this.progress = progress;
    this.phases = phases;
    this.runs = runs;
  }

  /** Shorthand for {@code new Simplifier().run(model, options)}. */
  public static SimplifyResult simplify(Model model, SimplifyOptions options) {
    return new Simplifier().run(model, options);
  }

  /**
   * Simplifies a copy of {@code model}, held in memory; the check (if on) runs it from bytes or a
   * staged file, see {@link CheckedEdit}.
   *
   * @throws IllegalArgumentException for an unknown pass or rule id in the options
   * @throws DimSpecException for input shapes that do not fit the model
   * @throws dev.scalpel.passes.PassFailedException when a pass fails (a bug; the message names it)
   * @throws dev.scalpel.runtime.ModelNotRunnableException when validation is on and ONNX Runtime
   *     cannot run the original or the result
   */
  public SimplifyResult run(Model model, SimplifyOptions options) {
    try {
      return run(ModelSource.of(model), options, null);
    } catch (IOException e) {
      // NOTE: without an output nothing is written but staged files, whose failures OrtRunner reports unchecked.
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Simplifies a copy of {@code source}'s model through {@link CheckedEdit}: the original is
   * checked from its file when it has one, the result from a staged file beside {@code output},
   * which is written only when the check passes (or is off).
   *
   * @param output where to write the result, or null to write nothing
   * @throws IOException if staging or writing the result fails
   * @throws IllegalArgumentException for an unknown pass or rule id in the options
   * @throws DimSpecException for input shapes that do not fit the model
   * @throws dev.scalpel.passes.PassFailedException when a pass fails (a bug; the message names it)
   * @throws dev.scalpel.runtime.ModelNotRunnableException when validation is on and ONNX Runtime
   *     cannot run the original or the result
   */
  public SimplifyResult run(ModelSource source, SimplifyOptions options, CheckedEdit.Output output) throws IOException {
    List<ModelPass> passes = passes(options);
    ModelStats before = ModelStats.of(source.model());
    CheckedEdit<PipelineResult> edit = CheckedEdit.of(source, work -> {
      // NOTE: one cache for the whole run: the shapes SetDims infers are the pipeline's first ones.
      Analyses analyses = Analyses.computedOnDemand();
      if (!options.inputShapes().isEmpty()) {
        setInputShapes(work, options.inputShapes(), analyses);
      }
      PipelineResult pipeline = PassManager.builder()
          .addAll(passes)
          .repeatUntilFixedPoint(options.maxRounds())
          .verifyAfterEachPass(true)
          .onPassFinished(progress)
          .analyses(analyses)
          .build()
          .run(work);
      if (options.dropUnusedInputs()) {
        dropUnusedInputs(work.graph());
      }
      // NOTE: CheckedEdit runs the check (or the write) right after this edit returns.
      phases.accept(options.validate() ? "validating in ONNX Runtime" : output != null ? "writing" : "done");
      return pipeline;
    });
    if (!options.inputShapes().isEmpty() && options.validate()) {
      // NOTE: the check compares against the original at the same input shapes, so that both
      // models run at the shapes the user fixed; only inputs and stale shapes change in it. It is
      // an edited copy, so it runs from bytes or a staged file rather than from the source's file.
      Model shaped = source.model().deepCopy();
      setInputShapes(shaped, options.inputShapes(), new Analyses());
      edit = edit.comparedWith(result -> ModelSource.of(shaped));
    }
    edit = options.validate()
        ? edit.checkedWith(options.check()).provedBy((reference, result, check) ->
            EquivalenceChecker.check(CheckRequest.of(reference, result, check).withProgress(runs)))
        : edit.unchecked();
    if (output != null) {
      edit = edit.writingTo(output.file(), output.layout());
    }
    CheckedEdit.Outcome<PipelineResult> outcome = edit.run();
    PipelineResult pipeline = outcome.result();

    List<String> ids = new ArrayList<>();
    passes.forEach(p -> ids.add(p.id()));
    List<String> diagnostics = new ArrayList<>();
    for (PassResult r : pipeline.passes()) {
      r.diagnostics().forEach(d -> diagnostics.add(r.passId() + ": " + d));
    }
    SimplifyReport report = new SimplifyReport(before, ModelStats.of(outcome.model()), ids, passTimes(pipeline),
        pipeline.iterations(), pipeline.reachedFixedPoint(), distinct(diagnostics), outcome.check(),
        outcome.editElapsed(), outcome.checkElapsed());
    return new SimplifyResult(outcome.model(), report, outcome.written());
  }

  /** Every id {@code --skip} accepts: the passes of the registry and the rules of {@code rewrite}. */
  public Set<String> skippableIds() {
    Set<String> ids = new LinkedHashSet<>(registry.ids());
    for (RuleSet set : List.of(RuleSet.standard(), RuleSet.shapes())) {
      for (RewriteRule rule : set.rules()) {
        ids.add(rule.id());
      }
    }
    return ids;
  }

  private List<ModelPass> passes(SimplifyOptions options) {
    // NOTE: the known ids are collected only when there is something to check against them.
    Set<String> known = options.skip().isEmpty() ? Set.of() : skippableIds();
    for (String id : options.skip()) {
      if (!known.contains(id)) {
        throw new IllegalArgumentException("unknown pass or rule '" + id + "'; known: " + String.join(", ", known));
      }
    }
    Pipelines.Options pipelineOptions = Pipelines.Options.defaults()
        .withFoldBudget(options.maxFoldOutputBytes())
        .withFallback(options.foldWithOnnxRuntime() ? new OrtEvaluator() : null)
        .withFoldQdq(options.foldQdq())
        .withSkip(options.skip());
    List<ModelPass> out = Pipelines.build(options.pipeline(), pipelineOptions, registry);
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no passes left to run");
    }
    return out;
  }

  /**
   * Gives graph inputs their new shapes and re-infers what depended on them.
   *
   * @throws DimSpecException for a shape that does not fit an input, or that the graph cannot take
   */
  private static void setInputShapes(Model model, List<InputShape> shapes, Analyses analyses) {
    SetDims.Result result = new SetDims(shapes, List.of(), Map.of()).apply(model, analyses);
    if (result.hasContradictions()) {
      throw new DimSpecException("the model cannot take these input shapes: " + result.findings().stream()
          .filter(f -> ShapeCheck.CONTRADICTION.matches(f)).findFirst().orElseThrow());
    }
  }

  /** Removes the main graph's inputs that nothing reads (initializers are not inputs here). */
  private static void dropUnusedInputs(Graph graph) {
    for (Value v : new ArrayList<>(graph.inputs())) {
      if (!v.isInitializer() && !v.isUsed() && !graph.outputs().contains(v)) {
        graph.removeInput(v);
      }
    }
  }

  private static List<PassTime> passTimes(PipelineResult pipeline) {
    Map<String, PassTime> byId = new LinkedHashMap<>();
    for (PassResult r : pipeline.passes()) {
      PassTime t = byId.getOrDefault(r.passId(), new PassTime(r.passId(), 0, Duration.ZERO, ChangeSummary.NONE));
      byId.put(r.passId(), t.plus(r.elapsed(), r.changes()));
    }
    return new ArrayList<>(byId.values());
  }

  private static List<String> distinct(List<String> lines) {
    return new ArrayList<>(new LinkedHashSet<>(lines));
  }
}
