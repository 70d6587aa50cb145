package dev.scalpel.passes;

import dev.scalpel.graph.Model;
import dev.scalpel.opset.infer.ShapeInference;
import java.util.Optional;

/**
 * The analyses of a model that passes share, each computed on first request and kept until the
 * graph changes (MLIR's and LLVM's analysis managers work the same way). Today it holds one:
 * shape inference ({@link #shapes}). This is the only place in {@code passes} that runs {@link
 * ShapeInference}; passes and edits ask for the result here instead of running their own.
 *
 * <p>Invariant: a cached result is returned only while the model is the same object and its root
 * graph's {@link dev.scalpel.graph.Graph#revision() revision} is the one the result was computed
 * at, so it describes exactly the graph as it is (its {@code valueOf} facts are keyed by value
 * identity and hold for those values). Any mutation event, in any subgraph, invalidates the whole
 * result. Changes made outside the graph's events (the model's opset imports or functions) must be
 * followed by {@link #invalidate()}. Not thread-safe: one pipeline at a time.
 */
public final class Analyses {
  private final boolean onDemand;
  private Model model;
  private long revision;
  private ShapeInference.Result shapes;
  private int shapeRuns;
  private long shapeNanos;

  /** Analyses that passes only read: {@link PassContext#shapes} never computes one. */
  public Analyses() {
    this(false);
  }

  private Analyses(boolean onDemand) {
    this.onDemand = onDemand;
  }

  /**
   * Analyses of a pipeline: a pass that asks for one that is stale gets it computed again (the
   * types inference refines are then among that pass's changes). The simplifier runs with these.
   */
  public static Analyses computedOnDemand() {
    return new Analyses(true);
  }

  /** Whether {@link PassContext#shapes} computes a stale analysis again (see {@link #computedOnDemand}). */
  public boolean isOnDemand() {
    return onDemand;
  }

  /**
   * The shape inference of {@code model} as it is: the cached result if the graph has not changed
   * since it was computed, else a fresh run (which writes the inferred types into the model).
   */
  public ShapeInference.Result shapes(Model model) {
    Optional<ShapeInference.Result> cached = currentShapes(model);
    if (cached.isPresent()) {
      return cached.get();
    }
    long start = System.nanoTime();
    ShapeInference.Result result = ShapeInference.run(model);
    shapeNanos += System.nanoTime() - start;
    shapeRuns++;
    // NOTE: the revision is read after the run: the types it wrote are part of what it describes.
    this.model = model;
    this.revision = model.graph().revision();
    this.shapes = result;
    return result;
  }

  /** The cached shape inference of {@code model}, if it is still valid; never runs inference. */
  public Optional<ShapeInference.Result> currentShapes(Model model) {
    if (shapes != null && this.model == model && model.graph().revision() == revision) {
      return Optional.of(shapes);
    }
    return Optional.empty();
  }

  /** Forgets every cached result. */
  public void invalidate() {
    shapes = null;
    model = null;
  }

  /** How many times {@link #shapes} ran inference (for tests and reports of what caching saved). */
  public int shapeInferenceRuns() {
    return shapeRuns;
  }

  /** The wall time those runs took together. */
  public java.time.Duration shapeInferenceTime() {
    return java.time.Duration.ofNanos(shapeNanos);
  }
}
