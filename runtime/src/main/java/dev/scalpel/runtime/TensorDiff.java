package dev.scalpel.runtime;

import dev.scalpel.graph.DataType;
import java.util.List;

/**
 * How one tensor of the rewritten model differs from the original's.
 *
 * <p>Errors are measured over element pairs where both are finite: {@code maxAbsError} is the
 * largest {@code |actual - expected|}; {@code maxRelError} is that largest error divided by the
 * original tensor's magnitude {@code max|expected|} (over its finite elements; a tiny floor, 1e-30,
 * keeps an all-zero output from dividing by zero). Relative to the magnitude rather than to each
 * element, so that elements near zero do not blow the figure up.
 *
 * <p>{@code mismatches} counts elements outside the tolerance (for floats the {@link Tolerance}
 * rule; for integers and booleans any difference), including {@code nanInfMismatches}: pairs where
 * one side is NaN and the other is not, or an infinity faces a different value. NaN against NaN
 * and an infinity against the same infinity agree. When shapes differ, no elements are compared
 * ({@code elements} is 0). {@code worstIndex} is the flat index of the largest finite error, -1
 * when none.
 */
public record TensorDiff(
    DataType expectedType,
    DataType actualType,
    List<Long> expectedShape,
    List<Long> actualShape,
    long elements,
    long mismatches,
    long nanInfMismatches,
    double maxAbsError,
    double maxRelError,
    double expectedMagnitude,
    long worstIndex) {

  public TensorDiff {
    expectedShape = List.copyOf(expectedShape);
    actualShape = List.copyOf(actualShape);
  }

  public boolean typesMatch() {
    return expectedType == actualType;
  }

  public boolean shapesMatch() {
    return expectedShape.equals(actualShape);
  }

  /** Same type, same shape, no element outside the tolerance. */
  public boolean passed() {
    return typesMatch() && shapesMatch() && mismatches == 0;
  }

  /** One line for messages. */
  public String summary() {
    if (!shapesMatch()) {
      return "shape " + actualShape + " != original " + expectedShape;
    }
    StringBuilder s = new StringBuilder();
    if (!typesMatch()) {
      s.append("type ").append(actualType.displayName()).append(" != original ")
          .append(expectedType.displayName()).append("; ");
    }
    s.append(String.format(java.util.Locale.ROOT, "max abs %.3g, max rel %.3g, %d/%d outside tolerance",
        maxAbsError, maxRelError, mismatches, elements));
    if (nanInfMismatches > 0) {
      s.append(" (").append(nanInfMismatches).append(" NaN/Inf mismatches)");
    }
    return s.toString();
  }
}
