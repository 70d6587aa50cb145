package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Operators that make a new tensor from a few numbers: Range (a length of
 * {@code max(ceil((limit-start)/delta), 0)}, values propagated when small), EyeLike and OneHot.
 * Lengths only known at run time get fresh symbols.
 */
public final class GenerationRules {
  private GenerationRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("Range", 11, GenerationRules::range);
    b.add("EyeLike", 9, GenerationRules::eyeLike);
    b.add("OneHot", 9, GenerationRules::oneHot);
  }

  static void range(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0).or(() -> ctx.inputElementType(1));
    if (type.isEmpty()) {
      return;
    }
    SymExpr length = integerLength(ctx);
    if (length == null) {
      length = floatLength(ctx);
    }
    if (length == null) {
      length = ctx.freshSymbol(ctx.node().output(0).name() + "_len");
    }
    ctx.setOutput(0, type.get(), SymShape.of(length));
    SymExpr start = element(ctx, 0);
    SymExpr delta = element(ctx, 2);
    if (length.isConstant() && length.constantValue() <= 1024 && start != null && delta != null && delta.isConstant()) {
      List<SymExpr> values = new ArrayList<>();
      for (long i = 0; i < length.constantValue(); i++) {
        values.add(start.plus(delta.constantValue() * i));
      }
      boolean floating = ctx.inputNumericValue(0).map(PartialValue::floating).orElse(false);
      ctx.setOutputValue(0, PartialValue.vector(values).as(floating));
    }
  }

  /** The single element of a one-element input, if known (whole numbers of a floating input too). */
  private static SymExpr element(InferenceContext ctx, int i) {
    Optional<PartialValue> v = ctx.inputNumericValue(i);
    return v.isPresent() && v.get().size() == 1 ? v.get().get(0) : null;
  }

  /**
   * The length from start/limit (symbolic allowed) and a constant delta; null if unknown. The
   * values of a floating Range are whole numbers here, so integer ceiling division is exact.
   */
  private static SymExpr integerLength(InferenceContext ctx) {
    SymExpr start = element(ctx, 0);
    SymExpr limit = element(ctx, 1);
    SymExpr delta = element(ctx, 2);
    if (start == null || limit == null || delta == null || !delta.isConstant() || delta.constantValue() == 0) {
      return null;
    }
    SymExpr span = limit.minus(start);
    SymExpr n = span.ceilDiv(delta.constantValue());
    if (n.isConstant()) {
      return SymExpr.of(Math.max(0, n.constantValue()));
    }
    // NOTE: a span that runs the wrong way is an empty range; max(0, n) simplifies to n whenever
    // n is provably non-negative (Range(0, seq, 1), Range(past, past+seq, 1)).
    return SymExpr.of(0).max(n);
  }

  private static SymExpr floatLength(InferenceContext ctx) {
    OptionalDouble start = scalar(ctx, 0);
    OptionalDouble limit = scalar(ctx, 1);
    OptionalDouble delta = scalar(ctx, 2);
    if (start.isEmpty() || limit.isEmpty() || delta.isEmpty() || delta.getAsDouble() == 0) {
      return null;
    }
    double n = Math.ceil((limit.getAsDouble() - start.getAsDouble()) / delta.getAsDouble());
    return SymExpr.of(Math.max(0, (long) n));
  }

  /** A constant scalar input read as a double (any numeric type). */
  static OptionalDouble scalar(InferenceContext ctx, int i) {
    Optional<double[]> v = ctx.inputConstant(i).flatMap(TensorNumbers::of);
    return v.isPresent() && v.get().length == 1 ? OptionalDouble.of(v.get()[0]) : OptionalDouble.empty();
  }

  static void eyeLike(InferenceContext ctx) {
    Optional<DataType> type = ctx.intAttribute("dtype").flatMap(c -> DataType.fromCode(c.intValue()))
        .or(() -> ctx.inputElementType(0));
    type.ifPresent(t -> ctx.setOutput(0, t, ctx.inputShape(0).orElse(SymShape.unknownDims(2))));
  }

  /** The indices' shape with a dim of size depth inserted at axis (default -1, the end). */
  static void oneHot(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(2);
    Optional<SymShape> indices = ctx.inputShape(0);
    if (type.isEmpty()) {
      return;
    }
    if (indices.isEmpty()) {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    int rank = indices.get().rank() + 1;
    long axisAttr = ctx.intAttribute("axis", -1);
    Optional<Integer> axis = TensorAxes.normalize(axisAttr, rank);
    if (axis.isEmpty()) {
      ctx.fail("OneHot axis " + axisAttr + " out of range for output rank " + rank);
      return;
    }
    Optional<PartialValue> depthValue = ctx.inputValue(1);
    SymExpr depth = depthValue.isPresent() && depthValue.get().size() == 1 ? depthValue.get().get(0) : null;
    if (depth == null) {
      OptionalDouble d = scalar(ctx, 1);
      depth = d.isPresent() ? SymExpr.of((long) d.getAsDouble()) : ctx.freshSymbol(ctx.node().output(0).name() + "_depth");
    }
    List<SymExpr> dims = new ArrayList<>(indices.get().dims());
    dims.add(axis.get(), depth);
    ctx.setOutput(0, type.get(), SymShape.of(dims));
  }
}
