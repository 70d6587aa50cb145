package dev.scalpel.passes.shape;

import dev.scalpel.opset.infer.SymExpr;
import java.util.ArrayList;
import java.util.List;

/**
 * An integer tensor whose every element is an affine function of its own position: element
 * {@code [i0, ..., ik]} is {@code offset + stride0*i0 + ... + stridek*ik}. This is what exporters
 * build from Range, Unsqueeze, Expand, Add and Mul to index a tensor element by element (the
 * vmapped attention-mask functions of transformers). The stride of an axis of static size 1 is
 * always 0 (its index is always 0).
 *
 * @param dims the tensor's shape, every dim known
 * @param strides one per dim
 * @param offset the element at the origin
 */
record IndexGrid(List<SymExpr> dims, List<SymExpr> strides, SymExpr offset) {
  IndexGrid {
    dims = List.copyOf(dims);
    List<SymExpr> s = new ArrayList<>(strides);
    for (int i = 0; i < s.size(); i++) {
      if (isOne(dims.get(i))) {
        s.set(i, SymExpr.of(0));
      }
    }
    strides = List.copyOf(s);
  }

  int rank() {
    return dims.size();
  }

  static boolean isOne(SymExpr d) {
    return d.isConstant() && d.constantValue() == 1;
  }

  /**
   * Whether the elements are 0, 1, 2, ... in row-major order: offset 0 and each axis's stride is
   * the product of the later dims.
   */
  boolean isRowMajorIota() {
    if (!offset.equals(SymExpr.of(0))) {
      return false;
    }
    SymExpr p = SymExpr.of(1);
    for (int k = rank() - 1; k >= 0; k--) {
      if (isOne(dims.get(k))) {
        continue;
      }
      if (!strides.get(k).equals(p)) {
        return false;
      }
      p = p.times(dims.get(k));
    }
    return true;
  }

  SymExpr elementCount() {
    SymExpr p = SymExpr.of(1);
    for (SymExpr d : dims) {
      p = p.times(d);
    }
    return p;
  }
}
