package dev.scalpel.runtime;

import java.util.List;

/**
 * Wall-clock times of a check, in milliseconds: session creation per model and {@code
 * session.run} per run and model (conversion of inputs and outputs excluded). Runs at dim values
 * that were tried and abandoned (see {@link DimPlanner}) are not included. A rewritten run that
 * failed is recorded as NaN.
 */
public record Timings(double originalLoadMs, double rewrittenLoadMs, List<Double> originalRunMs, List<Double> rewrittenRunMs) {
  public Timings {
    originalRunMs = List.copyOf(originalRunMs);
    rewrittenRunMs = List.copyOf(rewrittenRunMs);
  }

  /** Mean of the original's runs. */
  public double originalMeanRunMs() {
    return originalRunMs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  /** Mean of the rewritten model's successful runs. */
  public double rewrittenMeanRunMs() {
    return rewrittenRunMs.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).average().orElse(0);
  }
}
