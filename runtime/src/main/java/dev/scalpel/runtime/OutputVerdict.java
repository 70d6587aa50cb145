package dev.scalpel.runtime;

import java.util.Comparator;
import java.util.List;

/**
 * The verdict on one output of the original model across all runs.
 *
 * <p>Invariants: {@code outcomes} has one entry per run, in run order; {@code passed} is true iff
 * every outcome passed; {@code worst} is the outcome that failed worst (a failed run first, then
 * the most mismatches, then the largest absolute error), or the one with the largest error when
 * all passed.
 */
public record OutputVerdict(String name, Tolerance tolerance, boolean passed, RunOutcome worst, List<RunOutcome> outcomes) {
  public OutputVerdict {
    outcomes = List.copyOf(outcomes);
  }

  /** Builds the verdict from the per-run outcomes (at least one). */
  public static OutputVerdict of(String name, Tolerance tolerance, List<RunOutcome> outcomes) {
    RunOutcome worst = outcomes.stream().max(BADNESS).orElseThrow();
    boolean passed = outcomes.stream().allMatch(RunOutcome::passed);
    return new OutputVerdict(name, tolerance, passed, worst, outcomes);
  }

  /** Index of the worst run. */
  public int worstRun() {
    return worst.run();
  }

  private static final Comparator<RunOutcome> BADNESS = Comparator
      .comparingInt((RunOutcome o) -> o instanceof RunOutcome.Failed ? 1 : 0)
      .thenComparingInt(o -> o instanceof RunOutcome.Compared c && !c.diff().shapesMatch() ? 1 : 0)
      .thenComparingInt(o -> o instanceof RunOutcome.Compared c && !c.diff().typesMatch() ? 1 : 0)
      .thenComparingLong(o -> o instanceof RunOutcome.Compared c ? c.diff().mismatches() : 0)
      .thenComparingDouble(o -> o instanceof RunOutcome.Compared c ? c.diff().maxAbsError() : 0);
}
