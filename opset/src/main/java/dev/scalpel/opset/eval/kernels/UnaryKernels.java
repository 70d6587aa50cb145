package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Elementwise functions of one tensor: Neg, Abs, Sign, Relu (integers and floats), Floor, Ceil,
 * Sqrt, Exp, Log, Sigmoid, Reciprocal, Elu ({@code x < 0 ? alpha (exp(x) - 1) : x}), Celu
 * ({@code max(0, x) + min(0, alpha (exp(x / alpha) - 1))}) (floats only), Not (booleans), and Clip
 * (bounds as attributes before opset 11, as optional inputs from 11 on).
 */
public final class UnaryKernels {
  private UnaryKernels() {}

  public static void register(Kernels.Builder b) {
    numeric(b, "Neg", 1, x -> -x, x -> -x);
    numeric(b, "Abs", 1, Math::abs, Math::abs);
    numeric(b, "Sign", 9, Long::signum, Math::signum);
    numeric(b, "Relu", 1, x -> Math.max(x, 0), x -> x > 0 ? x : (x == x ? 0.0 : x));
    real(b, "Floor", Math::floor);
    real(b, "Ceil", Math::ceil);
    real(b, "Sqrt", Math::sqrt);
    real(b, "Exp", Math::exp);
    real(b, "Log", Math::log);
    real(b, "Sigmoid", x -> 1.0 / (1.0 + Math.exp(-x)));
    real(b, "Reciprocal", x -> 1.0 / x);
    b.add("Elu", 1, ctx -> {
      double alpha = ctx.floatAttribute("alpha", 1f);
      return realOf(ctx, x -> x < 0 ? alpha * (Math.exp(x) - 1) : x);
    });
    b.add("Celu", 12, ctx -> {
      double alpha = ctx.floatAttribute("alpha", 1f);
      return realOf(ctx, x -> Math.max(0, x) + Math.min(0, alpha * (Math.exp(x / alpha) - 1)));
    });
    b.add("Not", 1, UnaryKernels::not);
    b.add("Clip", 1, ctx -> clip(ctx, true));
    b.add("Clip", 11, ctx -> clip(ctx, false));
  }

  private static void numeric(Kernels.Builder b, String op, int since, LongUnaryOperator ints, DoubleUnaryOperator reals) {
    b.add(op, since, ctx -> {
      NdArray a = NdArray.read(ctx, ctx.input(0));
      ArithmeticKernels.requireNumeric(ctx, a);
      return List.of(apply(ctx, a, unsignedVariant(op, a, ints), reals).toTensor());
    });
  }

  /** NOTE: UINT64 elements are held by bit pattern; only Abs, Sign and Relu read them as signed. */
  private static LongUnaryOperator unsignedVariant(String op, NdArray a, LongUnaryOperator ints) {
    if (!a.isUnsigned64()) {
      return ints;
    }
    switch (op) {
      case "Abs":
      case "Relu":
        return x -> x;
      case "Sign":
        return x -> x == 0 ? 0 : 1;
      default:
        return ints;
    }
  }

  private static void real(Kernels.Builder b, String op, DoubleUnaryOperator f) {
    b.add(op, 1, ctx -> realOf(ctx, f));
  }

  /** {@code f} of each element of the floating-point input 0. */
  private static List<Tensor> realOf(EvalContext ctx, DoubleUnaryOperator f) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    if (a.kind() != NdArray.Kind.REAL) {
      throw ctx.fail("needs a floating-point input, got " + a.type().displayName());
    }
    return List.of(apply(ctx, a, null, f).toTensor());
  }

  private static NdArray apply(EvalContext ctx, NdArray a, LongUnaryOperator ints, DoubleUnaryOperator reals) {
    if (a.kind() == NdArray.Kind.REAL) {
      return Elementwise.unary(ctx, a, a.type(), (x, i, o, k) -> o.setDouble(k, reals.applyAsDouble(x.getDouble(i))));
    }
    return Elementwise.unary(ctx, a, a.type(), (x, i, o, k) -> o.setLong(k, ints.applyAsLong(x.getLong(i))));
  }

  private static List<Tensor> not(EvalContext ctx) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    if (a.type() != DataType.BOOL) {
      throw ctx.fail("needs a bool input, got " + a.type().displayName());
    }
    return List.of(Elementwise.unary(ctx, a, DataType.BOOL, (x, i, o, k) -> o.setLong(k, 1 - x.getLong(i))).toTensor());
  }

  private static List<Tensor> clip(EvalContext ctx, boolean attributes) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    ArithmeticKernels.requireNumeric(ctx, a);
    if (a.kind() == NdArray.Kind.REAL) {
      double lo;
      double hi;
      if (attributes) {
        lo = ctx.floatAttribute("min", -Float.MAX_VALUE);
        hi = ctx.floatAttribute("max", Float.MAX_VALUE);
      } else {
        lo = bound(ctx, a, 1).map(t -> t.getDouble(0)).orElse(Double.NEGATIVE_INFINITY);
        hi = bound(ctx, a, 2).map(t -> t.getDouble(0)).orElse(Double.POSITIVE_INFINITY);
      }
      // NOTE: min(max(x, lo), hi): when lo > hi every element becomes hi, as the spec says.
      return List.of(Elementwise.unary(ctx, a, a.type(), (x, i, o, k) -> o.setDouble(k, Math.min(Math.max(x.getDouble(i), lo), hi))).toTensor());
    }
    if (attributes) {
      throw ctx.fail("integer inputs need opset 12 or later");
    }
    if (a.isUnsigned64()) {
      long lo = bound(ctx, a, 1).map(t -> t.getLong(0)).orElse(0L);
      long hi = bound(ctx, a, 2).map(t -> t.getLong(0)).orElse(-1L);
      return List.of(Elementwise.unary(ctx, a, a.type(), (x, i, o, k) -> {
        long v = x.getLong(i);
        v = Long.compareUnsigned(v, lo) < 0 ? lo : v;
        o.setLong(k, Long.compareUnsigned(v, hi) > 0 ? hi : v);
      }).toTensor());
    }
    long lo = bound(ctx, a, 1).map(t -> t.getLong(0)).orElse(Long.MIN_VALUE);
    long hi = bound(ctx, a, 2).map(t -> t.getLong(0)).orElse(Long.MAX_VALUE);
    return List.of(Elementwise.unary(ctx, a, a.type(), (x, i, o, k) -> o.setLong(k, Math.min(Math.max(x.getLong(i), lo), hi))).toTensor());
  }

  private static java.util.Optional<NdArray> bound(EvalContext ctx, NdArray a, int input) {
    return ctx.optionalInput(input).map(t -> {
      NdArray v = NdArray.read(ctx, t);
      Elementwise.requireSameType(ctx, a, v);
      if (v.size() != 1) {
        throw ctx.fail("bound input " + input + " must be a scalar");
      }
      return v;
    });
  }
}
