package dev.scalpel.passes.resize;

/**
 * A Resize rewrite that cannot be done on this model as asked: no such node or tensor, a Resize
 * whose scale is not baked in, an opset where the scale cannot be a tensor. The message says
 * which and what to do instead; the model is left unchanged.
 */
public final class ResizeException extends RuntimeException {
  public ResizeException(String message) {
    super(message);
  }
}
