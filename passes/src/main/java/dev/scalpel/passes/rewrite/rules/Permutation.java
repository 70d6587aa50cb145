package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import java.util.List;
import java.util.Optional;

/**
 * The {@code perm} of a Transpose, when written out; absent means "reverse", whose rank may be unknown.
 *
 * <p>Invariant: {@link #axes()} holds each of 0 to its length - 1 once.
 */
record Permutation(long[] axes) {
  /**
   * The node's perm; empty when it is absent, or when it is not a permutation of its axes (an
   * invalid model: an axis out of range or twice), which no rule can reason about.
   */
  static Optional<Permutation> of(Node transpose) {
    return transpose.attribute("perm").filter(a -> a.type() == Attribute.Type.INTS)
        .map(a -> ((Attribute.IntsAttr) a).value())
        .map(Permutation::fromList)
        .filter(Permutation::permutesItsAxes);
  }

  /** Whether each of 0 to n - 1 appears once (SimplifyFuzzTest found [.., 9] of rank 3 indexing out of bounds). */
  private boolean permutesItsAxes() {
    boolean[] seen = new boolean[axes.length];
    for (long a : axes) {
      if (a < 0 || a >= axes.length || seen[(int) a]) {
        return false;
      }
      seen[(int) a] = true;
    }
    return true;
  }

  private static Permutation fromList(List<Long> values) {
    return new Permutation(values.stream().mapToLong(Long::longValue).toArray());
  }

  boolean isIdentity() {
    for (int i = 0; i < axes.length; i++) {
      if (axes[i] != i) {
        return false;
      }
    }
    return true;
  }

  /**
   * The single permutation equal to applying this one, then {@code next}: output axis i of the
   * second reads axis next[i] of the first, which reads axis this[next[i]] of the input.
   */
  Permutation then(Permutation next) {
    long[] q = new long[next.axes.length];
    for (int i = 0; i < q.length; i++) {
      q[i] = axes[(int) next.axes[i]];
    }
    return new Permutation(q);
  }

  Attribute toAttribute() {
    return Attribute.ofInts("perm", axes);
  }
}
