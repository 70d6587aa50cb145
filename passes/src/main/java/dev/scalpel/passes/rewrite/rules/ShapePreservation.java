package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import java.util.Optional;

/**
 * Whether an operation keeps a shape: numpy-style broadcasting against a static shape, or two
 * shapes that denote the same sizes.
 */
final class ShapePreservation {
  private ShapePreservation() {}

  /**
   * True when broadcasting x (possibly of unknown shape) with a tensor of static dims {@code other}
   * gives x's shape: {@code other} has no more dims than x, and each of its dims, aligned from the
   * right, is 1 or x's equal static size. A scalar never changes anything, whatever x is.
   */
  static boolean keeps(Optional<Shape> x, long[] other) {
    if (other.length == 0) {
      return true;
    }
    if (x.isEmpty() || other.length > x.get().rank()) {
      return false;
    }
    int offset = x.get().rank() - other.length;
    for (int i = 0; i < other.length; i++) {
      Dim d = x.get().dim(offset + i);
      if (other[i] != 1 && !(d instanceof Dim.Static s && s.value() == other[i])) {
        return false;
      }
    }
    return true;
  }

  /** Whether two shapes denote the same sizes: same rank, each dim static-equal or the same symbol. */
  static boolean sameKnownShape(Shape a, Shape b) {
    if (a.rank() != b.rank()) {
      return false;
    }
    for (int i = 0; i < a.rank(); i++) {
      Dim da = a.dim(i);
      if (da instanceof Dim.Unknown || !da.equals(b.dim(i))) {
        return false;
      }
    }
    return true;
  }
}
