package dev.scalpel.passes.trt;

/** How much a {@link TrtFinding} matters for the TensorRT parser. */
public enum TrtSeverity {
  /** The parser (or engine build) is documented to refuse this. */
  ERROR,
  /** The parser accepts it with a change of meaning or a risk (clamping, unverified behaviour). */
  WARNING,
  /** Worth knowing (what the parser does silently); never blocks. */
  INFO;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
