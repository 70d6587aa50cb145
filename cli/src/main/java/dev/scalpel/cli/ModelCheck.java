package dev.scalpel.cli;

import java.util.List;
import java.util.Map;

/**
 * The stages of {@code scalpel check} for one model, in order, and the dim assignments the run
 * stage used (empty if it did not run).
 */
public record ModelCheck(String file, List<StageResult> stages, List<Map<String, Long>> runs) {
  public ModelCheck {
    stages = List.copyOf(stages);
    runs = List.copyOf(runs);
  }

  /** No stage failed (stages that were unavailable do not count). */
  public boolean passed() {
    return exitCode() == ExitCodes.OK;
  }

  /**
   * The most severe status of its stages. NOTE: the numbers are ordered by severity on purpose:
   * an invalid or refused model (3) over a missing file (2) over a failed check (1).
   */
  public int exitCode() {
    return stages.stream().mapToInt(StageResult::exitCode).max().orElse(ExitCodes.OK);
  }

  /** The most severe status over all the models checked; {@link ExitCodes#OK} for none. */
  public static int exitCode(List<ModelCheck> checks) {
    return checks.stream().mapToInt(ModelCheck::exitCode).max().orElse(ExitCodes.OK);
  }
}
