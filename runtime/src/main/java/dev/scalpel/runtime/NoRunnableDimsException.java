package dev.scalpel.runtime;

import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime could not run the original model at any sizes {@link DimPlanner} chose for its
 * dynamic dims. The model may well be valid: it may need sizes the planner did not find (a
 * multiple of 64, a minimum length inference could not see). The message names each chosen dim
 * with the sizes tried, gives the first error with the sizes it came at, and suggests {@code --dims}.
 * Front ends report it as a check that could not be made, not as an invalid model.
 */
public final class NoRunnableDimsException extends ModelNotRunnableException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, List<Long>> tried;

  /**
   * @param tried each dim Scalpel chose → the sizes tried for it, in order
   * @param skipped how many candidates were not tried (inputs over the memory budget, or the cap on
   *     runs reached), with the reason, or "" when none was
   * @param firstDims the dims of the first failed run; empty when nothing was run
   * @param firstError ONNX Runtime's message of the first failed run (ignored when nothing was run)
   */
  public NoRunnableDimsException(Map<String, List<Long>> tried, String skipped, Map<String, Long> firstDims,
      String firstError, Throwable cause) {
    super(ModelRole.ORIGINAL, Stage.RUN, describe(tried, skipped, firstDims, firstError), cause);
    this.tried = Map.copyOf(tried);
  }

  /** Each dim Scalpel chose → the sizes tried for it. */
  public Map<String, List<Long>> tried() {
    return tried;
  }

  private static String describe(Map<String, List<Long>> tried, String skipped, Map<String, Long> firstDims,
      String firstError) {
    StringBuilder sb = new StringBuilder("no sizes of its dynamic dims tried let it run (");
    StringBuilder suggestion = new StringBuilder();
    boolean first = true;
    for (Map.Entry<String, List<Long>> e : tried.entrySet()) {
      sb.append(first ? "" : "; ").append("dim '").append(e.getKey()).append("' tried ");
      sb.append(e.getValue().isEmpty() ? "nothing" : String.join(", ", e.getValue().stream().map(String::valueOf).toList()));
      suggestion.append(first ? "" : " ").append("--dims ").append(e.getKey()).append("=V1,V2");
      first = false;
    }
    sb.append(')');
    if (!skipped.isEmpty()) {
      sb.append("; ").append(skipped);
    }
    if (firstDims.isEmpty()) {
      sb.append("; nothing was run");
    } else {
      sb.append("; first error, at ").append(firstDims).append(": ").append(firstLine(firstError));
    }
    sb.append(". Give sizes at which the model runs with ").append(suggestion);
    return sb.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }
}
