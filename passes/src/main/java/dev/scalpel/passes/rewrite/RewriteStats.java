package dev.scalpel.passes.rewrite;

import java.util.Map;

/**
 * What a {@link GreedyRewriter} run did: applications per rule id, sweeps over the graph, and
 * whether it stopped at the sweep cap before reaching a fixed point.
 */
public record RewriteStats(Map<String, Integer> applications, int sweeps, boolean reachedCap) {
  public RewriteStats {
    applications = Map.copyOf(applications);
  }

  public int total() {
    return applications.values().stream().mapToInt(Integer::intValue).sum();
  }

  public int applications(String ruleId) {
    return applications.getOrDefault(ruleId, 0);
  }
}
