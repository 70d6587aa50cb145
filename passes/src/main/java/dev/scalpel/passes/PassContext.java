package dev.scalpel.passes;

import dev.scalpel.graph.Model;
import dev.scalpel.opset.infer.ShapeInference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a pass may use and report while it runs: the {@link Analyses} of the pipeline (shared by
 * every pass of one {@link PassManager} run, so an analysis is computed once while the graph does
 * not change) and a sink for diagnostics (things a user should know, such as "skipped folding
 * Add_7: output 40 MB over the limit"). One context per pass run.
 */
public final class PassContext {
  private final List<String> diagnostics = new ArrayList<>();
  private final Analyses analyses;

  /** A context with analyses of its own (a pass run alone). */
  public PassContext() {
    this(new Analyses());
  }

  public PassContext(Analyses analyses) {
    this.analyses = Objects.requireNonNull(analyses, "analyses");
  }

  public Analyses analyses() {
    return analyses;
  }

  /**
   * The shape analysis of the model as it is now, if {@code infer-shapes} (or an edit) computed it
   * and nothing changed since; otherwise a result that knows nothing. Never runs inference: a pass
   * that reads shapes must not change types as a side effect. In a pipeline that starts with
   * {@code infer-shapes}, every pass at the fixed point sees a current analysis.
   */
  public ShapeInference.Result shapes(Model model) {
    return analyses.currentShapes(model).orElse(ShapeInference.Result.NONE);
  }

  public void report(String diagnostic) {
    diagnostics.add(diagnostic);
  }

  public List<String> diagnostics() {
    return Collections.unmodifiableList(diagnostics);
  }
}
