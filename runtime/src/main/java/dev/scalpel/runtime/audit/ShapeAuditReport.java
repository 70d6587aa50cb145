package dev.scalpel.runtime.audit;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link ShapeAudit} found for one model.
 *
 * @param values node outputs of the main graph whose inferred tensor type was checked
 * @param assignments the dim assignment of each point (run) ONNX Runtime ran, in run order
 * @param valueRuns values checked times points
 * @param dimsChecked dims compared, over all points
 * @param staticDims of those, static dims (each must equal the real size)
 * @param symbolicEvaluated symbolic dims evaluated and compared (bound by the inputs, or by a
 *     fresh symbol's first size in the run)
 * @param freshSkipped symbolic dims whose fresh symbols nothing bound yet (nothing to compare)
 * @param unknownDims dims inference left unknown (allowed, never a contradiction)
 * @param unknownRanks value-runs whose inferred type has no shape (allowed too)
 * @param untyped node outputs inference gave no type
 * @param notTensors node outputs of sequence or optional type (ONNX Runtime's Java API returns
 *     only tensors)
 * @param contradictions every disagreement; the bar is none
 * @param unboundSymbols fresh symbols no input binds
 */
public record ShapeAuditReport(int values, List<Map<String, Long>> assignments, int valueRuns, int dimsChecked,
    int staticDims, int symbolicEvaluated, int freshSkipped, int unknownDims, int unknownRanks, int untyped, int notTensors,
    List<ShapeContradiction> contradictions, Set<String> unboundSymbols) {

  public ShapeAuditReport {
    assignments = List.copyOf(assignments);
    contradictions = List.copyOf(contradictions);
    unboundSymbols = Set.copyOf(unboundSymbols);
  }

  public int points() {
    return assignments.size();
  }

  /** One line: values, points, dims by kind, contradictions. */
  public String summary() {
    return values + " values at " + points() + " points " + assignments + ": " + dimsChecked + " dims checked ("
        + staticDims + " static, " + symbolicEvaluated + " symbolic evaluated, " + freshSkipped
        + " data-dependent unbound, " + unknownDims + " unknown; " + unknownRanks + " value-runs of unknown rank), " + contradictions.size() + " contradictions";
  }
}
