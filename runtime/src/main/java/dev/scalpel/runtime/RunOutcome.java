package dev.scalpel.runtime;

/**
 * What happened to one output in one run: compared, or not produced because the rewritten model
 * failed on that run's inputs (which the original accepted).
 */
public sealed interface RunOutcome {
  /** The run's index in {@link EquivalenceReport#runs()}. */
  int run();

  boolean passed();

  /** One line for messages. */
  String summary();

  /** Both models produced the output; {@code diff} says how they differ. */
  record Compared(int run, TensorDiff diff) implements RunOutcome {
    @Override
    public boolean passed() {
      return diff.passed();
    }

    @Override
    public String summary() {
      return diff.summary();
    }
  }

  /** The rewritten model failed to run; {@code message} is ONNX Runtime's (or a missing output). */
  record Failed(int run, String message) implements RunOutcome {
    @Override
    public boolean passed() {
      return false;
    }

    @Override
    public String summary() {
      return "rewritten model failed: " + message;
    }
  }
}
