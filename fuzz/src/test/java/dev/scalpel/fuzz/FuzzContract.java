package dev.scalpel.fuzz;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.ModelTooLargeException;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.traverse.GraphVerifier;
import dev.scalpel.opset.lint.ModelAdmission;
import java.util.List;

/**
 * The contract every fuzz target checks: any input either loads and is processed, or is refused
 * with an exception the command line reports as a user's mistake with a named exit status ({@code
 * cli.Failure}: {@link InvalidModelException} and {@link ModelTooLargeException}, exit 3). Any
 * other throwable (a RuntimeException, StackOverflowError, OutOfMemoryError: exit 70 or a dead
 * JVM) propagates out of the target, and Jazzer records it as a finding.
 *
 * <p>NOTE: a pass that throws is wrapped in {@code PassFailedException}, which the command line
 * reports as an internal error (exit 70) whatever the cause; so once a model is admitted, the
 * targets let nothing be thrown by inference, folding or the pipeline.
 */
final class FuzzContract {
  private FuzzContract() {}

  /** Whether {@code t} is a refusal the command line names (exit 3), not a crash. */
  static boolean isRefusal(Throwable t) {
    return t instanceof InvalidModelException || t instanceof ModelTooLargeException;
  }

  /**
   * Reads and admits {@code bytes} as {@code ModelSource.read} does for a file, or returns null when
   * the model is refused. Anything but a refusal propagates.
   */
  static Model admitted(byte[] bytes) {
    try {
      Model model = OnnxReader.read(bytes);
      ModelAdmission.admit(model);
      return model;
    } catch (RuntimeException e) {
      if (isRefusal(e)) {
        return null;
      }
      throw e;
    }
  }

  /** Admission's invariant: an admitted graph breaks no rule of the verifier, order included. */
  static void assertVerifies(Model model, String after) {
    List<Finding> findings = GraphVerifier.verify(model);
    if (!findings.isEmpty()) {
      throw new AssertionError(after + " left a graph the verifier rejects: " + findings.get(0)
          + (findings.size() > 1 ? " (+" + (findings.size() - 1) + " more)" : ""));
    }
  }

  /**
   * What a command writes after processing must load again: {@code model} serializes, reads back and
   * is admitted. A refusal here is a finding too: Scalpel refusing its own output.
   */
  static void assertWritesLoadable(Model model, String after) {
    byte[] bytes = OnnxWriter.toBytes(model);
    try {
      ModelAdmission.admit(OnnxReader.read(bytes));
    } catch (RuntimeException e) {
      throw new AssertionError(after + " wrote a model that does not load again: " + e.getMessage(), e);
    }
  }
}
