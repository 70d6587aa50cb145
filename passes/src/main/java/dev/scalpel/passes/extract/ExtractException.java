package dev.scalpel.passes.extract;

/**
 * A cut that {@link Extractor} cannot make: the message names the tensor (and, for a cut that is
 * not closed, the node that needs a value from outside); {@link #kind()} says which rule was
 * broken. Always thrown before the first change, so the model is left as it was.
 */
public final class ExtractException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Which rule of a cut was broken. */
  public enum Kind {
    /** No tensor of that name in the model. */
    NO_SUCH_TENSOR,
    /** The tensor lives inside a subgraph (If/Loop/Scan body); cuts are made in the main graph. */
    INSIDE_SUBGRAPH,
    /** A name given twice, no outputs, or an input or output spec the model cannot take. */
    BAD_SPEC,
    /** A node the outputs need reads a value that is neither computed inside the cut nor an input. */
    NOT_CLOSED,
    /** An output is computed from constants alone: it reads none of the given inputs. */
    INDEPENDENT_OUTPUT,
    /** An input's element type is not known after inference and was not given. */
    UNKNOWN_TYPE
  }

  private final Kind kind;
  private final String tensor;

  public ExtractException(Kind kind, String tensor, String message) {
    super(message);
    this.kind = kind;
    this.tensor = tensor;
  }

  public Kind kind() {
    return kind;
  }

  /** The tensor the message is about. */
  public String tensor() {
    return tensor;
  }
}
