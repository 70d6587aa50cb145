package dev.scalpel.passes.edit;

/**
 * A graph edit the model does not allow: no tensor or node of the given name, a name already
 * taken, a bypass with two data inputs, an insertion that would make a cycle. Thrown before the
 * first change, so the model is as it was.
 */
public final class GraphEditException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GraphEditException(String message) {
    super(message);
  }
}
