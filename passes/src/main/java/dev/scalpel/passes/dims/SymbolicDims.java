package dev.scalpel.passes.dims;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.infer.SymExpr;

/** Where a dim symbol occurs in the inferred shape of a value. */
final class SymbolicDims {
  /** {@link #soleAxis} when the symbol does not occur, or not alone. */
  static final int NONE = -1;

  private SymbolicDims() {}

  /** Whether some dim of {@code v} is exactly {@code symbol}. */
  static boolean carries(Value v, String symbol) {
    return v != null && v.shape().map(s -> s.dims().contains(Dim.of(symbol))).orElse(false);
  }

  /** Whether {@code symbol} occurs in a dim of {@code v}, alone or inside an expression. */
  static boolean mentions(Value v, String symbol) {
    if (v == null || v.shape().isEmpty()) {
      return false;
    }
    for (Dim d : v.shape().get().dims()) {
      if (d instanceof Dim.Symbolic s && SymExpr.parse(s.name()).symbols().contains(symbol)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The one axis of {@code v} whose dim is exactly {@code symbol}, provided the symbol occurs
   * nowhere else in its shape (not as another dim, not inside an expression); else {@link #NONE}.
   */
  static int soleAxis(Value v, String symbol) {
    if (v == null || v.shape().isEmpty()) {
      return NONE;
    }
    Shape s = v.shape().get();
    int axis = NONE;
    for (int k = 0; k < s.rank(); k++) {
      Dim d = s.dim(k);
      if (d.equals(Dim.of(symbol))) {
        if (axis != NONE) {
          return NONE;
        }
        axis = k;
      } else if (d instanceof Dim.Symbolic sym && SymExpr.parse(sym.name()).symbols().contains(symbol)) {
        return NONE;
      }
    }
    return axis;
  }

  /** The static size at {@code axis} of {@code v}, or -1 when it is not static. */
  static long staticSize(Value v, int axis) {
    if (v == null || v.shape().isEmpty() || axis >= v.shape().get().rank()) {
      return -1;
    }
    return v.shape().get().dim(axis) instanceof Dim.Static st ? st.value() : -1;
  }
}
