package dev.scalpel.runtime;

import dev.scalpel.graph.DataType;

/**
 * How far an element of the rewritten output may be from the original's: the numpy {@code
 * allclose} rule {@code |actual - expected| <= atol + rtol * |expected|}, with the original as the
 * reference. Applies to floating-point outputs; integer and boolean outputs are compared exactly.
 * Invariant: both non-negative.
 *
 * <p>The default depends on the output's type ({@link #defaultFor}): 16-bit floats carry 11
 * (float16) or 8 (bfloat16) significant bits, so a rewrite that rounds in another place, or ONNX
 * Runtime computing a chain of 16-bit ops in float32 without rounding in between (it inserts Casts
 * around ops its CPU provider lacks in 16 bits), moves results by whole units in the last place.
 */
public record Tolerance(double atol, double rtol) {
  /** The default of float32, float64 and every output without a 16-bit default: atol 1e-5, rtol 1e-4. */
  public static final Tolerance DEFAULT = new Tolerance(1e-5, 1e-4);
  /** The float16 default: rtol four units in the last place (4 × 2⁻¹⁰), atol 1e-3. */
  public static final Tolerance FLOAT16_DEFAULT = new Tolerance(1e-3, 4.0 / 1024);
  /** The bfloat16 default: rtol four units in the last place (4 × 2⁻⁷), atol 1e-2. */
  public static final Tolerance BFLOAT16_DEFAULT = new Tolerance(1e-2, 4.0 / 128);
  /** Exact equality. */
  public static final Tolerance EXACT = new Tolerance(0, 0);

  public Tolerance {
    if (!(atol >= 0) || !(rtol >= 0)) {
      throw new IllegalArgumentException("tolerances must be non-negative: atol " + atol + ", rtol " + rtol);
    }
  }

  /** The default tolerance of outputs of {@code type}. */
  public static Tolerance defaultFor(DataType type) {
    return switch (type) {
      case FLOAT16 -> FLOAT16_DEFAULT;
      case BFLOAT16 -> BFLOAT16_DEFAULT;
      default -> DEFAULT;
    };
  }

  /** Whether two finite numbers are close; {@code expected} is the original's element. */
  public boolean allows(double actual, double expected) {
    return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
  }
}
