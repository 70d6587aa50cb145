package dev.scalpel.passes.dims;

/**
 * A dim specification that does not parse, or that does not fit the model: an input the model does
 * not have, an axis beyond the input's rank, a symbol the model does not use. Always the caller's
 * mistake, never the model's.
 */
public final class DimSpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public DimSpecException(String message) {
    super(message);
  }
}
