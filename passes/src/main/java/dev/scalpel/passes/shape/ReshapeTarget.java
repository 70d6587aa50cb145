package dev.scalpel.passes.shape;

import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The constant target a computed Reshape target can be replaced by, given what inference knows
 * about its elements and about the data's shape.
 *
 * <p>Element by element: a known constant stays as it is (0 and -1 keep their meaning, since the
 * node's {@code allowzero} is kept unless said otherwise); a symbolic element equal to the data's
 * dim at the same position becomes 0, "copy that dim" (only with {@code allowzero=0}; with {@code
 * allowzero=1} it does so only when no literal 0 is in the target, and the node switches to
 * {@code allowzero=0}); at most one other symbolic element becomes -1, and only when the target
 * has no -1 yet, every other entry is a static nonzero size (so the element count determines the
 * -1 even if some size is 0 at run time), and the data's element count equals the product of the
 * target's elements symbolically. Anything else is refused.
 *
 * @param dims the constant target
 * @param allowZero the {@code allowzero} the node must have with it
 */
record ReshapeTarget(long[] dims, boolean allowZero) {

  /** Why no constant target could be proved, or the target. */
  record Outcome(Optional<ReshapeTarget> target, String reason) {
    static Outcome refused(String reason) {
      return new Outcome(Optional.empty(), reason);
    }
  }

  static Outcome of(SymShape data, PartialValue target, boolean allowZero) {
    if (target.scalar()) {
      return Outcome.refused("the target is a scalar");
    }
    int n = target.size();
    long[] t = new long[n];
    List<Integer> pending = new ArrayList<>();
    boolean literalZero = false;
    boolean copies = false;
    int minusOne = -1;
    for (int i = 0; i < n; i++) {
      SymExpr e = target.get(i);
      if (e == null) {
        return Outcome.refused("element " + i + " of the target is unknown");
      }
      if (e.isConstant()) {
        long c = e.constantValue();
        if (c < -1 || (c == -1 && minusOne >= 0)) {
          return Outcome.refused("element " + i + " is " + c);
        }
        minusOne = c == -1 ? i : minusOne;
        literalZero |= c == 0;
        t[i] = c;
      } else if (i < data.rank() && e.equals(data.dim(i))) {
        t[i] = 0;
        copies = true;
      } else {
        pending.add(i);
      }
    }
    boolean resultAllowZero = allowZero;
    if (copies && allowZero) {
      if (literalZero) {
        return Outcome.refused("allowzero=1 with a literal 0: a copied dim cannot be written as 0");
      }
      resultAllowZero = false;
    }
    if (pending.size() > 1) {
      return Outcome.refused("elements " + pending + " are symbolic and no dim of the data at their position equals them");
    }
    if (pending.size() == 1) {
      int k = pending.get(0);
      if (minusOne >= 0) {
        return Outcome.refused("element " + k + " is symbolic and the target already has -1");
      }
      for (int i = 0; i < n; i++) {
        SymExpr e = target.get(i);
        if (i != k && (!e.isConstant() || e.constantValue() <= 0)) {
          return Outcome.refused("element " + k + " could only be -1, but element " + i + " is no static positive size");
        }
      }
      SymExpr count = data.elementCount();
      SymExpr product = SymExpr.of(1);
      for (SymExpr e : target.elements()) {
        product = product.times(e);
      }
      if (count == null || !count.equals(product)) {
        return Outcome.refused("cannot prove that element " + k + " (" + target.get(k) + ") is what -1 would give");
      }
      t[k] = -1;
    }
    return new Outcome(Optional.of(new ReshapeTarget(t, resultAllowZero)), "");
  }
}
