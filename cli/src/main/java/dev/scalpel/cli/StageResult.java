package dev.scalpel.cli;

import java.util.List;
import java.util.Locale;

/**
 * How one stage of {@code scalpel check} ended for one model.
 *
 * @param stage {@code load}, {@code run}, {@code lint} or {@code simplify}
 * @param message one line
 * @param details further lines (verifier findings), may be empty
 * @param exitCode what this stage means for the exit status: 0 unless it failed
 * @param millis how long the stage took; 0 for stages not run
 */
public record StageResult(String stage, Status status, String message, List<String> details, int exitCode, double millis) {
  /** The outcome of a stage. */
  public enum Status {
    /** The stage ran and found nothing wrong. */
    PASSED,
    /** The stage ran and found a problem (exit status 1). */
    FAILED,
    /** The model cannot be read or ONNX Runtime refuses it (exit status 3, or 2 for a missing file). */
    ERROR,
    /** Not run because an earlier stage made it impossible. */
    SKIPPED,
    /** Not run because Scalpel cannot do it yet. */
    UNAVAILABLE;

    /** The lower-case name used in JSON. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public StageResult {
    details = List.copyOf(details);
  }

  static StageResult passed(String stage, String message, double millis) {
    return new StageResult(stage, Status.PASSED, message, List.of(), ExitCodes.OK, millis);
  }

  static StageResult skipped(String stage, String message) {
    return new StageResult(stage, Status.SKIPPED, message, List.of(), ExitCodes.OK, 0);
  }

  static StageResult unavailable(String stage, String message) {
    return new StageResult(stage, Status.UNAVAILABLE, message, List.of(), ExitCodes.OK, 0);
  }
}
