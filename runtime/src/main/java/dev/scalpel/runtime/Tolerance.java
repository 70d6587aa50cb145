package dev.scalpel.runtime;

/**
 * How far an element of the rewritten output may be from the original's: the numpy {@code
 * allclose} rule {@code |actual - expected| <= atol + rtol * |expected|}, with the original as the
 * reference. Applies to floating-point outputs; integer and boolean outputs are compared exactly.
 * Invariant: both non-negative.
 */
public record Tolerance(double atol, double rtol) {
  /** atol 1e-5, rtol 1e-4. */
  public static final Tolerance DEFAULT = new Tolerance(1e-5, 1e-4);
  /** Exact equality. */
  public static final Tolerance EXACT = new Tolerance(0, 0);

  public Tolerance {
    if (!(atol >= 0) || !(rtol >= 0)) {
      throw new IllegalArgumentException("tolerances must be non-negative: atol " + atol + ", rtol " + rtol);
    }
  }

  /** Whether two finite numbers are close; {@code expected} is the original's element. */
  public boolean allows(double actual, double expected) {
    return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
  }
}
