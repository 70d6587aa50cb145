package dev.scalpel.passes.rewrite;

/** Whether a rule fires on one candidate root node, and if not, why ({@code --explain RULE}). */
public record Explanation(String ruleId, String node, boolean fires, String reason) {
  @Override
  public String toString() {
    return ruleId + " at " + node + ": " + (fires ? "fires" : reason);
  }
}
