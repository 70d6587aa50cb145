package dev.scalpel.passes;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.traverse.GraphVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a pipeline of passes over a model, in place: once, or in rounds until a round changes
 * nothing (at most {@code maxIterations} rounds). Each pass run is timed and its changes are
 * recorded from the graph's mutation events; optionally the graph is verified after each pass that
 * edited it (see {@link Model#editStamp()}). The passes of a run share one {@link Analyses}, so
 * shape inference runs again only after a change.
 * Immutable; build with {@link #builder()}.
 */
public final class PassManager {
  private final List<ModelPass> passes;
  private final int maxIterations;
  private final boolean verifyAfterEachPass;
  private final Consumer<PassResult> onPassFinished;
  private final Analyses analyses;

  private PassManager(Builder b) {
    this.analyses = b.analyses;
    this.passes = List.copyOf(b.passes);
    this.maxIterations = b.maxIterations;
    this.verifyAfterEachPass = b.verifyAfterEachPass;
    this.onPassFinished = b.onPassFinished;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<ModelPass> passes() {
    return passes;
  }

  /**
   * Runs the pipeline on {@code model}.
   *
   * <p>With several rounds, the run stops as soon as every pass of the pipeline has run once
   * without changing anything since the last change, which can be in the middle of a round: a
   * later pass of that round would see the very graph it left unchanged before.
   *
   * @throws PassFailedException if a pass throws or, with verification on, breaks the graph
   */
  public PipelineResult run(Model model) {
    Analyses shared = analyses != null ? analyses : new Analyses();
    List<PassResult> results = new ArrayList<>();
    List<String> ran = new ArrayList<>();
    int round = 0;
    int quietRuns = 0;
    boolean fixedPoint = false;
    while (round < maxIterations && !fixedPoint) {
      round++;
      for (ModelPass pass : passes) {
        PassContext context = new PassContext(shared);
        PassResult r = runOne(pass, model, round, ran, context);
        results.add(r);
        ran.add(pass.id());
        onPassFinished.accept(r);
        // NOTE: the pass that changed the graph must run again too; passes are meant to be
        // idempotent, but a pass with an internal round cap (folding) may not quite be.
        // NOTE: a pass that wanted the shape analysis while it was stale may have missed rewrites:
        // not quiet either. The next infer-shapes makes it current, so this cannot go on forever.
        quietRuns = r.changed() || context.missedShapes() ? 0 : quietRuns + 1;
        if (quietRuns == passes.size()) {
          fixedPoint = true;
          break;
        }
      }
    }
    return new PipelineResult(results, round, fixedPoint);
  }

  private PassResult runOne(ModelPass pass, Model model, int round, List<String> ranBefore, PassContext context) {
    ChangeRecorder recorder = new ChangeRecorder();
    Model.EditStamp before = verifyAfterEachPass ? model.editStamp() : null;
    long start = System.nanoTime();
    model.graph().addListener(recorder);
    try {
      pass.run(model, context);
    } catch (RuntimeException e) {
      throw new PassFailedException(pass.id(), round, ranBefore, "failed: " + e.getMessage(), e);
    } finally {
      model.graph().removeListener(recorder);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    // NOTE: a pass that edited nothing (same edit stamp: no event, rename, reorder or import
    // change) leaves the graph the last verification passed, or the one the pipeline started from.
    if (verifyAfterEachPass && !model.editStamp().equals(before)) {
      List<Finding> findings = GraphVerifier.verify(model);
      if (!findings.isEmpty()) {
        throw new PassFailedException(pass.id(), round, ranBefore,
            "left an invalid graph: " + findings.get(0) + (findings.size() > 1 ? " (+" + (findings.size() - 1) + " more)" : ""), null);
      }
    }
    return new PassResult(pass.id(), round, recorder.summary().withRuleApplications(context.ruleApplications()),
        context.diagnostics(), elapsed);
  }

  /** Collects passes and settings. */
  public static final class Builder {
    private final List<ModelPass> passes = new ArrayList<>();
    private int maxIterations = 1;
    private boolean verifyAfterEachPass;
    private Consumer<PassResult> onPassFinished = r -> { };
    private Analyses analyses;

    public Builder add(ModelPass pass) {
      passes.add(pass);
      return this;
    }

    public Builder addAll(List<? extends ModelPass> more) {
      passes.addAll(more);
      return this;
    }

    /** Repeat the pipeline until a round changes nothing, at most {@code max} rounds. */
    public Builder repeatUntilFixedPoint(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("at least one round");
      }
      this.maxIterations = max;
      return this;
    }

    public Builder verifyAfterEachPass(boolean verify) {
      this.verifyAfterEachPass = verify;
      return this;
    }

    /** Called after each pass run (for progress displays); must not edit the model. */
    public Builder onPassFinished(Consumer<PassResult> listener) {
      this.onPassFinished = java.util.Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The analyses the passes share, e.g. ones an edit before the pipeline already computed, or
     * {@link Analyses#computedOnDemand()} ones; by default each {@link #run} starts with empty ones
     * that only {@code infer-shapes} fills, so no other pass changes types as a side effect.
     */
    public Builder analyses(Analyses shared) {
      this.analyses = java.util.Objects.requireNonNull(shared, "analyses");
      return this;
    }

    public PassManager build() {
      return new PassManager(this);
    }
  }
}
