package dev.scalpel.passes.convert;

/**
 * A conversion the model does not allow (an operator with no form at the target opset, a half type
 * the model's opset cannot express), refused before the first change: the model is as it was.
 * The message is one line naming the operator, node and versions involved.
 */
public final class ConversionException extends RuntimeException {
  public ConversionException(String message) {
    super(message);
  }
}
