package dev.scalpel.passes;

import java.util.List;

/**
 * A pass threw, or left a graph the verifier rejects. Names the pass, the round, and the passes
 * that ran before it, so a failure in a long pipeline can be traced.
 */
public final class PassFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String passId;
  private final int iteration;

  PassFailedException(String passId, int iteration, List<String> ranBefore, String what, Throwable cause) {
    super("pass '" + passId + "' (round " + iteration + ") " + what
        + (ranBefore.isEmpty() ? "" : "; passes before it: " + String.join(", ", ranBefore)), cause);
    this.passId = passId;
    this.iteration = iteration;
  }

  public String passId() {
    return passId;
  }

  public int iteration() {
    return iteration;
  }
}
