package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import java.util.List;
import java.util.Optional;

/** The {@code perm} of a Transpose, when written out; absent means "reverse", whose rank may be unknown. */
record Permutation(long[] axes) {
  static Optional<Permutation> of(Node transpose) {
    return transpose.attribute("perm").filter(a -> a.type() == Attribute.Type.INTS)
        .map(a -> ((Attribute.IntsAttr) a).value())
        .map(Permutation::fromList);
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
