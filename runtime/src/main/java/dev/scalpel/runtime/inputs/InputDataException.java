package dev.scalpel.runtime.inputs;

/**
 * A user's input data file cannot be used: it cannot be read, is malformed, or holds something
 * the loaders do not support. The message names the file (and, inside archives, the entry or
 * input) and what is wrong, in words fit to show the user as they are.
 */
public class InputDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InputDataException(String message) {
    super(message);
  }

  public InputDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
