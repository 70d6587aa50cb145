package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Constants;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.infer.ConstantValues;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import dev.scalpel.opset.infer.ShapeInference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Operators that produce or consume shapes as values: Shape, Size, Constant, ConstantOfShape and
 * Reshape. Shape turns an input's (symbolic) dims into a {@link PartialValue}; Reshape reads its
 * target back from one, so exporters' Shape → Gather → Concat → Reshape chains infer exactly.
 */
public final class ShapeValueRules {
  private ShapeValueRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("Shape", 1, ShapeValueRules::shape);
    b.add("Size", 1, ShapeValueRules::size);
    b.add("Constant", 1, ShapeValueRules::constant);
    b.add("ConstantOfShape", 9, ShapeValueRules::constantOfShape);
    b.add("Reshape", 1, ShapeValueRules::reshapeFromAttribute);
    b.add("Reshape", 5, ShapeValueRules::reshape);
  }

  static void shape(InferenceContext ctx) {
    Optional<SymShape> in = ctx.inputShape(0);
    if (in.isEmpty()) {
      ctx.setOutput(0, DataType.INT64, SymShape.of((SymExpr) null));
      return;
    }
    int rank = in.get().rank();
    int start = clampAxis(ctx.intAttribute("start", 0), rank);
    int end = clampAxis(ctx.intAttribute("end", rank), rank);
    List<SymExpr> dims = new ArrayList<>();
    for (int k = start; k < end; k++) {
      dims.add(in.get().dim(k));
    }
    ctx.setOutput(0, DataType.INT64, SymShape.ofStatic(dims.size()));
    ctx.setOutputValue(0, PartialValue.vector(dims));
  }

  /** Shape's start/end: negative counts from the end, out of range clamps. */
  private static int clampAxis(long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    return (int) Math.max(0, Math.min(rank, a));
  }

  static void size(InferenceContext ctx) {
    ctx.setOutput(0, DataType.INT64, SymShape.scalar());
    ctx.inputShape(0).map(SymShape::elementCount).ifPresent(n -> ctx.setOutputValue(0, PartialValue.scalar(n)));
  }

  static void constant(InferenceContext ctx) {
    Optional<Attribute> value = ctx.node().attributes().values().stream().findFirst();
    if (value.isEmpty()) {
      ctx.fail("Constant without a value attribute");
      return;
    }
    Attribute a = value.get();
    if (a instanceof Attribute.SparseTensorAttr s) {
      long[] dims = s.value().dims().stream().mapToLong(Long::longValue).toArray();
      ctx.setOutput(0, s.value().values().dataType(), SymShape.ofStatic(dims));
      return;
    }
    Optional<Tensor> t = Constants.ofNode(ctx.node());
    if (t.isEmpty()) {
      ctx.fail("Constant with unknown or malformed attribute '" + a.name() + "'");
      return;
    }
    ctx.setOutput(0, t.get().dataType(), SymShape.ofStatic(t.get().dims()));
    ConstantValues.of(t.get()).ifPresent(v -> ctx.setOutputValue(0, v));
  }

  static void constantOfShape(InferenceContext ctx) {
    DataType type = ctx.tensorAttribute("value").map(Tensor::dataType).orElse(DataType.FLOAT);
    Optional<PartialValue> shape = ctx.inputValue(0);
    if (shape.isPresent()) {
      ctx.setOutput(0, type, SymShape.of(shape.get().elements()));
      filledValue(ctx, shape.get()).ifPresent(v -> ctx.setOutputValue(0, v));
    } else {
      ctx.setOutput(0, type, unknownDimsOfLength(ctx, 0));
    }
  }

  /**
   * The values of a ConstantOfShape of a known length-0 or length-1 shape: its fill value (0.0
   * when the attribute is absent) repeated, as far as that value is tracked.
   */
  private static Optional<PartialValue> filledValue(InferenceContext ctx, PartialValue shape) {
    if (shape.size() > 1 || !shape.isFullyKnown()) {
      return Optional.empty();
    }
    long count = 1;
    if (shape.size() == 1) {
      SymExpr n = shape.get(0);
      if (!n.isConstant() || n.constantValue() < 0 || n.constantValue() > ShapeInference.MAX_TRACKED_ELEMENTS) {
        return Optional.empty();
      }
      count = n.constantValue();
    }
    Optional<Tensor> fill = ctx.tensorAttribute("value");
    Optional<PartialValue> one = fill.isPresent() ? ConstantValues.of(fill.get())
        : Optional.of(PartialValue.scalar(SymExpr.of(0)).as(true));
    if (one.isEmpty() || one.get().size() != 1) {
      return Optional.empty();
    }
    return Optional.of(new PartialValue(Collections.nCopies((int) count, one.get().get(0)), shape.size() == 0,
        one.get().floating()));
  }

  /** As many unknown dims as shape input {@code i} has elements, or null (rank unknown). */
  private static SymShape unknownDimsOfLength(InferenceContext ctx, int i) {
    OptionalInt n = ctx.inputVectorLength(i);
    return n.isPresent() ? SymShape.unknownDims(n.getAsInt()) : null;
  }

  static void reshapeFromAttribute(InferenceContext ctx) {
    Optional<List<Long>> shape = ctx.intsAttribute("shape");
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    if (shape.isEmpty()) {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    List<SymExpr> target = new ArrayList<>();
    shape.get().forEach(x -> target.add(SymExpr.of(x)));
    ctx.setOutput(0, type.get(), resolve(ctx, target, false));
  }

  static void reshape(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<PartialValue> target = ctx.inputValue(1);
    if (target.isEmpty()) {
      ctx.setOutput(0, type.get(), unknownDimsOfLength(ctx, 1));
      return;
    }
    boolean allowZero = ctx.opsetVersion() >= 14 && ctx.intAttribute("allowzero", 0) == 1;
    SymShape out = resolve(ctx, target.get().elements(), allowZero);
    if (out == null) {
      return;
    }
    ctx.setOutput(0, type.get(), out);
    ctx.inputValue(0).filter(v -> out.rank() <= 1).ifPresent(v -> ctx.setOutputValue(0,
        new PartialValue(v.elements(), out.rank() == 0)));
  }

  /**
   * The output shape of a Reshape to {@code target}: 0 copies the input dim (unless allowzero),
   * -1 takes what is left of the element count.
   */
  private static SymShape resolve(InferenceContext ctx, List<SymExpr> target, boolean allowZero) {
    Optional<SymShape> in = ctx.inputShape(0);
    List<SymExpr> out = new ArrayList<>(target.size());
    int inferred = -1;
    for (int k = 0; k < target.size(); k++) {
      SymExpr t = target.get(k);
      if (t != null && t.isConstant() && t.constantValue() == 0 && !allowZero) {
        out.add(in.isPresent() && k < in.get().rank() ? in.get().dim(k) : null);
      } else if (t != null && t.isConstant() && t.constantValue() == -1) {
        if (inferred >= 0) {
          ctx.fail("Reshape target " + target + " has more than one -1");
          return null;
        }
        inferred = k;
        out.add(null);
      } else {
        out.add(t);
      }
    }
    if (inferred >= 0 && in.isPresent()) {
      SymExpr total = in.get().elementCount();
      SymExpr known = SymExpr.of(1);
      for (int k = 0; k < out.size(); k++) {
        if (k != inferred) {
          known = out.get(k) == null ? null : known == null ? null : known.times(out.get(k));
        }
      }
      if (total != null && known != null) {
        out.set(inferred, divideExactly(total, known));
      }
    }
    return SymShape.of(out);
  }

  /** {@code total / known}: exact in symbols where the factors cancel, else a floor division. */
  private static SymExpr divideExactly(SymExpr total, SymExpr known) {
    if (known.isConstant() && known.constantValue() == 0) {
      return null;
    }
    return total.divideExactly(known).orElseGet(() -> total.floorDiv(known));
  }
}
