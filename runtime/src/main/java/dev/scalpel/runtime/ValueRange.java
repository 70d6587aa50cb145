package dev.scalpel.runtime;

/**
 * The range random input values are drawn from.
 *
 * <p>Floating-point inputs draw uniformly from the half-open {@code [low, high)}; integer inputs
 * draw uniformly from the integers in the closed {@code [ceil(low), floor(high)]}, so the default
 * integer range {@code (0, 1)} gives {0, 1}. Booleans ignore the range. Invariant: {@code low <=
 * high}, both finite.
 */
public record ValueRange(double low, double high) {
  /** Floats in [0, 1). */
  public static final ValueRange DEFAULT_FLOAT = new ValueRange(0, 1);
  /** Integers in {0, 1}: valid ids and masks for every reference model. */
  public static final ValueRange DEFAULT_INTEGER = new ValueRange(0, 1);

  public ValueRange {
    if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
      throw new IllegalArgumentException("bad value range [" + low + ", " + high + "]");
    }
  }

  @Override
  public String toString() {
    return "[" + low + ", " + high + "]";
  }
}
