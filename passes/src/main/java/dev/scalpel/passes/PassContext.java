package dev.scalpel.passes;

import dev.scalpel.graph.Model;
import dev.scalpel.opset.infer.ShapeInference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a pass may use and report while it runs: the {@link Analyses} of the pipeline (shared by
 * every pass of one {@link PassManager} run, so an analysis is computed once while the graph does
 * not change) and a sink for diagnostics (things a user should know, such as "skipped folding
 * Add_7: output 40 MB over the limit"). One context per pass run.
 */
public final class PassContext {
  private final List<String> diagnostics = new ArrayList<>();
  private final Map<String, Integer> ruleApplications = new LinkedHashMap<>();
  private final Analyses analyses;
  private boolean missedShapes;

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
   * The shape analysis of the model as it is now. With analyses {@linkplain
   * Analyses#computedOnDemand() computed on demand} (a pipeline's), a stale one is computed again;
   * otherwise it is the one {@code infer-shapes} (or an edit) left if nothing changed since, or a
   * result that knows nothing, so that a pass run alone never changes types as a side effect.
   */
  public ShapeInference.Result shapes(Model model) {
    if (analyses.isOnDemand()) {
      return analyses.shapes(model);
    }
    java.util.Optional<ShapeInference.Result> current = analyses.currentShapes(model);
    if (current.isEmpty()) {
      missedShapes = true;
    }
    return current.orElse(ShapeInference.Result.NONE);
  }

  /**
   * Whether the pass asked for the shape analysis while none was current: its run may have missed
   * rewrites, so {@link PassManager} does not count it as a quiet one toward the fixed point.
   */
  public boolean missedShapes() {
    return missedShapes;
  }

  /** Records that rule {@code ruleId} fired {@code times} more times (kept in the pass's {@link ChangeSummary}). */
  public void countRuleApplications(String ruleId, int times) {
    if (times > 0) {
      ruleApplications.merge(ruleId, times, Integer::sum);
    }
  }

  /** Rule id → applications counted so far, in the order the rules first fired. */
  public Map<String, Integer> ruleApplications() {
    return Collections.unmodifiableMap(ruleApplications);
  }

  public void report(String diagnostic) {
    diagnostics.add(diagnostic);
  }

  public List<String> diagnostics() {
    return Collections.unmodifiableList(diagnostics);
  }
}
