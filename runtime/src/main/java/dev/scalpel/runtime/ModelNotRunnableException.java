package dev.scalpel.runtime;

/**
 * ONNX Runtime refused a model: it could not load it (unknown operator, invalid graph, type
 * errors) or could not run it on inputs that match its declared signature.
 *
 * <p>Carries which model ({@link #role()}), at which {@link #stage()}, and ONNX Runtime's own
 * message ({@link #ortMessage()}). Front ends map it to "model not runnable" (exit code 3 of the
 * CLI). A rewritten model that loads but fails on inputs the original accepts is not reported with
 * this exception; the checker records it as a failed comparison. {@link NoRunnableDimsException}
 * is the case where the sizes of dynamic dims were Scalpel's choice.
 */
public class ModelNotRunnableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** When ONNX Runtime gave up. */
  public enum Stage {
    /** Creating the session (parsing, graph resolution, kernel lookup). */
    LOAD,
    /** Running the session on inputs. */
    RUN
  }

  private final ModelRole role;
  private final Stage stage;
  private final String ortMessage;

  /**
   * @param ortMessage ONNX Runtime's message; its line breaks (ORT reports a failed node over
   *     several lines) are collapsed to single spaces, so that it can be shown as one line
   */
  public ModelNotRunnableException(ModelRole role, Stage stage, String ortMessage, Throwable cause) {
    super("ONNX Runtime cannot " + (stage == Stage.LOAD ? "load" : "run") + " the " + role.label()
        + " model: " + oneLine(ortMessage), cause);
    this.role = role;
    this.stage = stage;
    this.ortMessage = oneLine(ortMessage);
  }

  private static String oneLine(String message) {
    return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  public ModelRole role() {
    return role;
  }

  public Stage stage() {
    return stage;
  }

  /** The message as ONNX Runtime (or the converter) gave it, on one line, without our prefix. */
  public String ortMessage() {
    return ortMessage;
  }
}
