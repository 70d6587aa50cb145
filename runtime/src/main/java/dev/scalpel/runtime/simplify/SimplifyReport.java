package dev.scalpel.runtime.simplify;

import dev.scalpel.runtime.EquivalenceReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a simplification did: the model before and after, the time and changes of each pass, the
 * diagnostics passes reported (folds skipped over budget...), and the validation verdict.
 *
 * @param pipeline the pass ids that ran, in order
 * @param rounds rounds of the pipeline
 * @param fixedPoint whether the last round changed nothing (false: stopped at the round cap)
 * @param validation the check against the original, absent when validation was off
 * @param elapsed wall time of the passes (validation excluded)
 * @param validationElapsed wall time of the validation, zero when off
 */
public record SimplifyReport(
    ModelStats before,
    ModelStats after,
    List<String> pipeline,
    List<PassTime> passes,
    int rounds,
    boolean fixedPoint,
    List<String> diagnostics,
    Optional<EquivalenceReport> validation,
    Duration elapsed,
    Duration validationElapsed) {

  public SimplifyReport {
    pipeline = List.copyOf(pipeline);
    passes = List.copyOf(passes);
    diagnostics = List.copyOf(diagnostics);
  }

  /** True unless validation ran and found a difference. */
  public boolean passed() {
    return validation.map(EquivalenceReport::passed).orElse(true);
  }
}
