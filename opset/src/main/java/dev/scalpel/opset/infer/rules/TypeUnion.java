package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.ValueType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.List;

/**
 * The type of a value that may come from either of two places (the branches of an If, a Loop's
 * initial value and its body's result, the elements of a sequence): equal dims are kept, dims
 * that differ (or are unknown on either side) become a fresh symbol, never an unknown dim; a rank
 * that differs leaves the rank unknown.
 */
final class TypeUnion {
  private final InferenceContext ctx;
  private final String hint;

  /** @param hint what fresh symbols are named after (the value they are for) */
  TypeUnion(InferenceContext ctx, String hint) {
    this.ctx = ctx;
    this.hint = hint;
  }

  /** The union of {@code a} and {@code b}; null (unknown) when either is unknown or kinds differ. */
  ValueType of(ValueType a, ValueType b) {
    if (a == null || b == null) {
      return null;
    }
    if (a instanceof ValueType.TensorType ta && b instanceof ValueType.TensorType tb) {
      DataType type = ta.elementType() == DataType.UNDEFINED ? tb.elementType() : ta.elementType();
      return new ValueType.TensorType(type, shape(ta.shape(), tb.shape()));
    }
    if (a instanceof ValueType.SequenceType sa && b instanceof ValueType.SequenceType sb) {
      ValueType e = of(sa.elementType(), sb.elementType());
      return new ValueType.SequenceType(e, null);
    }
    if (a instanceof ValueType.OptionalType oa && b instanceof ValueType.OptionalType ob) {
      return new ValueType.OptionalType(of(oa.elementType(), ob.elementType()), null);
    }
    return a.equals(b) ? a : null;
  }

  /** The union of several types (null if there are none). */
  ValueType of(List<ValueType> types) {
    if (types.isEmpty()) {
      return null;
    }
    ValueType u = types.get(0);
    for (int i = 1; i < types.size(); i++) {
      u = of(u, types.get(i));
    }
    return u;
  }

  private Shape shape(Shape a, Shape b) {
    if (a == null || b == null || a.rank() != b.rank()) {
      return null;
    }
    if (a.equals(b) && a.isStatic()) {
      return a;
    }
    SymShape x = SymShape.of(a);
    SymShape y = SymShape.of(b);
    List<SymExpr> dims = new ArrayList<>(x.rank());
    for (int k = 0; k < x.rank(); k++) {
      SymExpr dx = x.dim(k);
      SymExpr dy = y.dim(k);
      dims.add(dx != null && dx.equals(dy) ? dx : ctx.freshSymbol(hint + "_" + k));
    }
    return SymShape.of(dims).toShape();
  }
}
