package dev.scalpel.passes.shape;

import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;

/**
 * Whether {@code Expand(x, target)} returns x unchanged: the target has no more elements than x
 * has dims, and each, aligned to x's trailing dims as broadcasting aligns them, is 1 or provably
 * equal to x's dim there. Then the broadcast shape is x's own.
 */
public final class ExpandNoOp {
  private ExpandNoOp() {}

  public static boolean holds(SymShape data, PartialValue target) {
    if (target.scalar() || target.size() > data.rank()) {
      return false;
    }
    int offset = data.rank() - target.size();
    for (int j = 0; j < target.size(); j++) {
      SymExpr e = target.get(j);
      SymExpr d = data.dim(offset + j);
      if (e == null) {
        return false;
      }
      boolean one = e.isConstant() && e.constantValue() == 1;
      if (!one && !e.equals(d)) {
        return false;
      }
    }
    return true;
  }
}
