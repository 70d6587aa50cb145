package dev.scalpel.opset.infer.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Axis arguments of tensor operators: a negative axis counts from the end of the rank; an axis
 * outside {@code [-rank, rank)} is invalid.
 */
final class TensorAxes {
  private TensorAxes() {}

  /** {@code axis} in {@code [0, rank)}, or empty when it is out of range. */
  static Optional<Integer> normalize(long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    return a >= 0 && a < rank ? Optional.of((int) a) : Optional.empty();
  }

  /** Every axis normalized, or empty when one is out of range or two are the same. */
  static Optional<List<Integer>> normalizeAll(long[] axes, int rank) {
    List<Integer> out = new ArrayList<>(axes.length);
    Set<Integer> seen = new HashSet<>();
    for (long axis : axes) {
      Optional<Integer> a = normalize(axis, rank);
      if (a.isEmpty() || !seen.add(a.get())) {
        return Optional.empty();
      }
      out.add(a.get());
    }
    return Optional.of(out);
  }

  /** The axes 0, 1, ..., rank-1: what an omitted axes argument means. */
  static long[] all(int rank) {
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      out[i] = i;
    }
    return out;
  }

  static long[] toArray(List<Long> values) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
