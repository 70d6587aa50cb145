package dev.scalpel.runtime;

import dev.scalpel.graph.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares a tensor of the rewritten model with the original's, element by element, and produces
 * a {@link TensorDiff} (see there for the definitions of every figure).
 */
public final class TensorComparator {
  private static final double TINY = 1e-30;

  private TensorComparator() {}

  /** Compares {@code actual} (rewritten) with {@code expected} (original) under {@code tolerance}. */
  public static TensorDiff compare(Tensor expected, Tensor actual, Tolerance tolerance) {
    List<Long> expectedShape = shape(expected);
    List<Long> actualShape = shape(actual);
    if (!expectedShape.equals(actualShape)) {
      return new TensorDiff(expected.dataType(), actual.dataType(), expectedShape, actualShape,
          0, 0, 0, 0, 0, 0, -1);
    }
    ElementView e = new ElementView(expected);
    ElementView a = new ElementView(actual);
    boolean exact = e.isExact() && a.isExact();
    int n = e.size();
    long mismatches = 0;
    long nanInf = 0;
    double maxAbs = 0;
    double magnitude = 0;
    long worst = -1;
    for (int i = 0; i < n; i++) {
      if (exact) {
        long x = e.getLong(i);
        long y = a.getLong(i);
        magnitude = Math.max(magnitude, Math.abs((double) x));
        if (x != y) {
          mismatches++;
          double err = exactDistance(x, y);
          if (err > maxAbs || worst < 0) {
            maxAbs = err;
            worst = i;
          }
        }
        continue;
      }
      double x = e.getDouble(i);
      double y = a.getDouble(i);
      if (Double.isFinite(x) && Double.isFinite(y)) {
        magnitude = Math.max(magnitude, Math.abs(x));
        double err = Math.abs(y - x);
        if (err > maxAbs) {
          maxAbs = err;
          worst = i;
        }
        if (!tolerance.allows(y, x)) {
          mismatches++;
        }
      } else if (!sameNonFinite(x, y)) {
        nanInf++;
        mismatches++;
      }
    }
    double rel = maxAbs / Math.max(magnitude, TINY);
    return new TensorDiff(expected.dataType(), actual.dataType(), expectedShape, actualShape,
        n, mismatches, nanInf, maxAbs, rel, magnitude, worst);
  }

  /**
   * |x - y| as a double, exact where it fits a long.
   *
   * <p>NOTE: {@code (double) y - (double) x} would call large neighbours such as 2^63-1 and 2^63-2
   * equal, hiding the mismatch from the error figures.
   */
  private static double exactDistance(long x, long y) {
    try {
      return Math.abs((double) Math.subtractExact(y, x));
    } catch (ArithmeticException overflow) {
      return Math.abs((double) y - (double) x);
    }
  }

  /** Whether a pair with at least one non-finite side agrees: NaN with NaN, an infinity with itself. */
  private static boolean sameNonFinite(double x, double y) {
    if (Double.isNaN(x) || Double.isNaN(y)) {
      return Double.isNaN(x) && Double.isNaN(y);
    }
    return x == y;
  }

  private static List<Long> shape(Tensor t) {
    List<Long> out = new ArrayList<>();
    for (long d : t.dims()) {
      out.add(d);
    }
    return out;
  }
}
