package dev.scalpel.graph;

/**
 * A model is malformed: it cannot be parsed, its data cannot be found or does not fit its
 * declaration, or its graph breaks a structural rule. The message names the offending tensor,
 * node or value so a user can find it.
 */
public class InvalidModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidModelException(String message) {
    super(message);
  }

  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
