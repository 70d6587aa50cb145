package dev.scalpel.graph;

/**
 * A tensor's data is asked for in memory (one buffer, one array) but has more elements or bytes
 * than one holds: 2^31 - 9 ({@link Tensor#MAX_IN_MEMORY}). A hostile model can declare such a tensor
 * with a few bytes of model and a sparse external data file. The message names the tensor and its
 * size, on one line; the command line reports it as a problem of the model, not an internal error.
 *
 * <p>NOTE: an UnsupportedOperationException, as this refusal always was: code that skips what it
 * cannot read in memory (an analysis, a fold) still does so.
 */
public final class TensorTooLargeException extends UnsupportedOperationException {
  private static final long serialVersionUID = 1L;

  /**
   * @param name the tensor's name (may be empty)
   * @param what its size in words ("3221225472 bytes", "2147483648 elements")
   */
  public TensorTooLargeException(String name, String what) {
    super("tensor '" + name + "' has " + what + ", more than Scalpel holds in memory at once ("
        + Tensor.MAX_IN_MEMORY + ")");
  }
}
