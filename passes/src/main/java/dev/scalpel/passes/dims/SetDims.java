package dev.scalpel.passes.dims;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ModelEdit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sets the dims of graph inputs (fixed sizes, symbols, or unknown), renames dim symbols, and
 * re-derives the shapes that depended on the changed inputs: those are cleared ({@link
 * StaleShapes}) and inferred again. What the graph cannot accept with the new dims is reported
 * ({@link ShapeChecks}), not repaired. Running it twice changes nothing the second time.
 */
public final class SetDims implements ModelEdit<SetDims.Result> {
  private final List<InputShape> shapes;
  private final List<DimChange> changes;
  private final Map<String, String> renames;

  /**
   * What a run did.
   *
   * @param changedInputs the inputs whose shape changed, with the new shape ({@code x [1,3,224,224]})
   * @param renamedValues values whose shape had a symbol renamed
   * @param clearedShapes values whose stale shape was cleared before inference
   * @param findings contradictions and conditions found after inference (new ones only)
   */
  public record Result(List<String> changedInputs, int renamedValues, int clearedShapes, List<Finding> findings) {
    public Result {
      changedInputs = List.copyOf(changedInputs);
      findings = List.copyOf(findings);
    }

    /** Whether the graph cannot run with the new dims. */
    public boolean hasContradictions() {
      return findings.stream().anyMatch(f -> ShapeCheck.CONTRADICTION.matches(f));
    }
  }

  public SetDims(List<InputShape> shapes, List<DimChange> changes, Map<String, String> renames) {
    this.shapes = List.copyOf(shapes);
    this.changes = List.copyOf(changes);
    this.renames = new LinkedHashMap<>(renames);
  }

  /**
   * Rewrites {@code model} in place, taking shape inference from {@code analyses} (a result it
   * already holds for the model as it is serves as the baseline; the inference after the change is
   * left there for whoever comes next).
   *
   * @throws DimSpecException if a change does not fit the model (nothing is changed then)
   */
  @Override
  public Result apply(Model model, Analyses analyses) {
    Map<Value, Shape> plan = InputDims.plan(model, shapes, changes);
    checkRenames(model, plan);
    // NOTE: renames apply after the new dims, so the planned shapes are renamed too; a second run
    // then plans exactly the shapes the first one left.
    plan.replaceAll((v, s) -> DimRenamer.rename(s, renames));
    boolean anyChange = plan.entrySet().stream().anyMatch(e -> !e.getValue().equals(e.getKey().shape().orElse(null)));
    Set<String> before = anyChange ? ShapeChecks.baseline(model, analyses) : Set.of();
    List<Value> changed = InputDims.apply(plan);
    int cleared = StaleShapes.clearDownstream(changed);
    int renamed = DimRenamer.rename(model, renames);
    List<Finding> findings = List.of();
    if (!changed.isEmpty()) {
      ShapeInference.Result result = analyses.shapes(model);
      findings = ShapeChecks.check(model, result, before);
    }
    List<String> described = new ArrayList<>();
    for (Value v : changed) {
      described.add(v.name() + " " + v.shape().map(Shape::toString).orElse("[?]"));
    }
    return new Result(described, renamed, cleared, findings);
  }

  private void checkRenames(Model model, Map<Value, Shape> plan) {
    if (renames.isEmpty()) {
      return;
    }
    Set<String> symbols = DimRenamer.symbols(model);
    for (Shape s : plan.values()) {
      for (Dim d : s.dims()) {
        if (d instanceof Dim.Symbolic sym) {
          symbols.add(sym.name());
        }
      }
    }
    for (Map.Entry<String, String> r : renames.entrySet()) {
      String from = r.getKey();
      // NOTE: a rename already done (only the new name is there) is no mistake: runs are repeatable.
      if (!symbols.contains(from) && !symbols.contains(r.getValue())) {
        throw new DimSpecException("the model has no dim named '" + from + "'"
            + (symbols.isEmpty() ? "" : "; its dims: " + String.join(", ", symbols)));
      }
    }
  }
}
