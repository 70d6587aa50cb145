package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.Constants;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code axes} of a Squeeze or Unsqueeze, wherever the node keeps them: the attribute (before
 * opset 13) or a constant second input (from 13). Empty when they are absent, not constant, or a
 * constant of another element type than int64 or int32 (a model breaking the type constraint).
 */
final class Axes {
  private Axes() {}

  /** Whether the node writes its axes as an attribute (the form before opset 13). */
  static boolean asAttribute(Node node) {
    return node.attribute("axes").isPresent();
  }

  static Optional<long[]> of(Node node) {
    Optional<Attribute> attr = node.attribute("axes");
    if (attr.isPresent()) {
      return Optional.of(attr.get().asLongs().stream().mapToLong(Long::longValue).toArray());
    }
    if (node.inputs().size() < 2 || node.input(1).name().isEmpty()) {
      return Optional.empty();
    }
    return Constants.of(node.input(1)).flatMap(Tensor::longsIfInteger);
  }

  /**
   * The axes made non-negative against {@code rank}, sorted; empty when one is negative and the
   * rank unknown (-1), or when one is out of range or repeated.
   */
  static Optional<long[]> normalized(long[] axes, long rank) {
    TreeSet<Long> out = new TreeSet<>();
    for (long a : axes) {
      long n = a;
      if (a < 0) {
        if (rank < 0) {
          return Optional.empty();
        }
        n = a + rank;
      }
      if (n < 0 || (rank >= 0 && n >= rank) || !out.add(n)) {
        return Optional.empty();
      }
    }
    return Optional.of(out.stream().mapToLong(Long::longValue).toArray());
  }

  /** The i-th (0-based) natural number not in {@code taken}, which is sorted. */
  static long nthFree(long i, long[] taken) {
    long candidate = 0;
    long seen = -1;
    while (true) {
      if (Arrays.binarySearch(taken, candidate) < 0) {
        seen++;
        if (seen == i) {
          return candidate;
        }
      }
      candidate++;
    }
  }

  /**
   * The sorted union of {@code taken} and, for each index j of {@code relative}, the j-th axis not
   * in {@code taken}: two Squeezes (or Unsqueezes) composed into one. {@code taken} must be sorted.
   */
  static long[] compose(long[] taken, long[] relative) {
    TreeSet<Long> merged = new TreeSet<>();
    for (long a : taken) {
      merged.add(a);
    }
    for (long j : relative) {
      merged.add(nthFree(j, taken));
    }
    return merged.stream().mapToLong(Long::longValue).toArray();
  }

  /** The rank of a value, or -1 when unknown. */
  static long rankOf(Value v) {
    return v.shape().map(s -> (long) s.rank()).orElse(-1L);
  }

  static List<Long> boxed(long[] axes) {
    return Arrays.stream(axes).boxed().toList();
  }
}
