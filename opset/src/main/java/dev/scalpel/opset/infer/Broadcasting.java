package dev.scalpel.opset.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * NumPy-style multidirectional broadcasting of symbolic shapes: shapes are aligned at their last
 * dim; a dim of 1 takes the other side; equal dims stay; a static size against a symbol is the
 * static size (the symbol must be that size or 1); two different symbols give their maximum.
 */
public final class Broadcasting {
  private Broadcasting() {}

  /**
   * The broadcast shape, or empty when two static sizes differ and neither is 1 (an error the
   * caller reports).
   */
  public static Optional<SymShape> broadcast(List<SymShape> shapes) {
    int rank = 0;
    for (SymShape s : shapes) {
      rank = Math.max(rank, s.rank());
    }
    List<SymExpr> out = new ArrayList<>(rank);
    for (int k = 0; k < rank; k++) {
      SymExpr acc = SymExpr.of(1);
      boolean unknown = false;
      for (SymShape s : shapes) {
        int axis = k - (rank - s.rank());
        if (axis < 0) {
          continue;
        }
        SymExpr d = s.dim(axis);
        if (d == null) {
          unknown = true;
          continue;
        }
        Optional<SymExpr> merged = merge(acc, d);
        if (merged.isEmpty()) {
          return Optional.empty();
        }
        acc = merged.get();
      }
      // NOTE: an unknown dim against a known size other than 1 is that size; against 1 nothing is known.
      out.add(unknown && isOne(acc) ? null : acc);
    }
    return Optional.of(SymShape.of(out));
  }

  private static Optional<SymExpr> merge(SymExpr a, SymExpr b) {
    if (isOne(a)) {
      return Optional.of(b);
    }
    if (isOne(b) || a.equals(b)) {
      return Optional.of(a);
    }
    if (a.isConstant() && b.isConstant()) {
      return Optional.empty();
    }
    if (a.isConstant()) {
      return Optional.of(a);
    }
    if (b.isConstant()) {
      return Optional.of(b);
    }
    return Optional.of(a.max(b));
  }

  private static boolean isOne(SymExpr e) {
    return e.isConstant() && e.constantValue() == 1;
  }
}
