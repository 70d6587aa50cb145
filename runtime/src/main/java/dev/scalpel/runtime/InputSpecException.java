package dev.scalpel.runtime;

/**
 * Inputs for a model cannot be made or accepted: a user tensor contradicts the input's declared
 * type or shape, names no input, or an input has a type that cannot be generated (string,
 * sequence, unknown rank...). The message always names the input.
 */
public final class InputSpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String inputName;

  public InputSpecException(String inputName, String message) {
    super("input '" + inputName + "': " + message);
    this.inputName = inputName;
  }

  public String inputName() {
    return inputName;
  }
}
