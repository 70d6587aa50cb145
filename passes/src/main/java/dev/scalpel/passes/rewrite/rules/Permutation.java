package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import java.util.List;
import java.util.Optional;

/**
 * The {@code perm} of a Transpose, when written out; absent means "reverse", whose rank may be
 * unknown. Invariant: {@code axes} is a permutation of 0..n-1.
 */
record Permutation(long[] axes) {
  /**
   * The node's perm; empty when it is absent, or when it is not a permutation of 0..n-1 (ONNX
   * requires one; fuzzing found [1, 0, 4] reaching the rules, which indexed with it).
   */
  static Optional<Permutation> of(Node transpose) {
    return transpose.attribute("perm").filter(a -> a.type() == Attribute.Type.INTS)
        .map(a -> ((Attribute.IntsAttr) a).value())
        .filter(Permutation::isPermutation)
        .map(Permutation::fromList);
  }

  private static boolean isPermutation(List<Long> values) {
    boolean[] seen = new boolean[values.size()];
    for (long v : values) {
      if (v < 0 || v >= seen.length || seen[(int) v]) {
        return false;
      }
      seen[(int) v] = true;
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
