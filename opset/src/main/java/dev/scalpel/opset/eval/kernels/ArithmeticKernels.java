package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Binary and variadic arithmetic: Add, Sub, Mul, Div, Mod, Pow, Min, Max, Sum, and BitShift
 * (unsigned integers; a shift by the bit width or more is refused, C leaves it undefined). Integer results
 * wrap to the element type; integer Div truncates toward zero and Mod follows the divisor's sign
 * unless {@code fmod=1}; dividing an integer by zero is an error. Before opset 7 (8 for the variadic
 * ops) operands broadcast only as the legacy {@code broadcast}/{@code axis} attributes say.
 */
public final class ArithmeticKernels {
  private ArithmeticKernels() {}

  public static void register(Kernels.Builder b) {
    binary(b, "Add", (x, y) -> x + y, (x, y) -> x + y);
    binary(b, "Sub", (x, y) -> x - y, (x, y) -> x - y);
    binary(b, "Mul", (x, y) -> x * y, (x, y) -> x * y);
    b.add("Div", 1, ctx -> arithmetic(ctx, true, ArithmeticKernels::divide));
    b.add("Div", 7, ctx -> arithmetic(ctx, false, ArithmeticKernels::divide));
    b.add("Mod", 10, ctx -> arithmetic(ctx, false, ArithmeticKernels::modulo));
    b.add("Pow", 1, ctx -> power(ctx, true));
    b.add("Pow", 7, ctx -> power(ctx, false));
    variadic(b, "Min", Math::min, Math::min);
    variadic(b, "Max", Math::max, Math::max);
    variadic(b, "Sum", (x, y) -> x + y, Double::sum);
    b.add("BitShift", 11, ctx -> arithmetic(ctx, false, ArithmeticKernels::shift));
  }

  private static NdArray shift(EvalContext ctx, NdArray a, NdArray b) {
    DataType t = a.type();
    if (t != DataType.UINT8 && t != DataType.UINT16 && t != DataType.UINT32 && t != DataType.UINT64) {
      throw ctx.fail("BitShift needs an unsigned integer input, got " + t.displayName());
    }
    String direction = ctx.stringAttribute("direction", "");
    if (!direction.equals("LEFT") && !direction.equals("RIGHT")) {
      throw ctx.fail("direction '" + direction + "' is not LEFT or RIGHT");
    }
    boolean left = direction.equals("LEFT");
    int width = t.bitWidth();
    return Elementwise.binary(ctx, a, b, t, (x, i, y, j, o, k) -> {
      long by = y.getLong(j);
      if (Long.compareUnsigned(by, width) >= 0) {
        throw ctx.fail("shift by " + Long.toUnsignedString(by) + " is not below the bit width " + width);
      }
      // NOTE: elements are held zero-extended; the left shift's high bits are cut when the result is written.
      o.setLong(k, left ? x.getLong(i) << by : x.getLong(i) >>> by);
    });
  }

  private static void binary(Kernels.Builder b, String op, LongBinaryOperator ints, DoubleBinaryOperator reals) {
    b.add(op, 1, ctx -> arithmetic(ctx, true, (c, x, y) -> elementwise(c, x, y, ints, reals)));
    b.add(op, 7, ctx -> arithmetic(ctx, false, (c, x, y) -> elementwise(c, x, y, ints, reals)));
  }

  /** A binary operator computed on decoded operands of one type. */
  @FunctionalInterface
  private interface Operation {
    NdArray apply(EvalContext ctx, NdArray a, NdArray b);
  }

  private static List<Tensor> arithmetic(EvalContext ctx, boolean legacy, Operation op) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    NdArray b = NdArray.read(ctx, ctx.input(1));
    Elementwise.requireSameType(ctx, a, b);
    requireNumeric(ctx, a);
    if (legacy) {
      b = Elementwise.legacyAlign(ctx, a, b);
    }
    return List.of(op.apply(ctx, a, b).toTensor());
  }

  static void requireNumeric(EvalContext ctx, NdArray a) {
    if (a.kind() == NdArray.Kind.TEXT || a.type() == DataType.BOOL) {
      throw ctx.fail("element type " + a.type().displayName() + " is not numeric");
    }
  }

  private static NdArray elementwise(EvalContext ctx, NdArray a, NdArray b, LongBinaryOperator ints,
      DoubleBinaryOperator reals) {
    if (a.kind() == NdArray.Kind.REAL) {
      return Elementwise.binary(ctx, a, b, a.type(), (x, i, y, j, o, k) -> o.setDouble(k, reals.applyAsDouble(x.getDouble(i), y.getDouble(j))));
    }
    return Elementwise.binary(ctx, a, b, a.type(), (x, i, y, j, o, k) -> o.setLong(k, ints.applyAsLong(x.getLong(i), y.getLong(j))));
  }

  private static NdArray divide(EvalContext ctx, NdArray a, NdArray b) {
    if (a.kind() == NdArray.Kind.REAL) {
      return Elementwise.binary(ctx, a, b, a.type(), (x, i, y, j, o, k) -> o.setDouble(k, x.getDouble(i) / y.getDouble(j)));
    }
    boolean unsigned = a.isUnsigned64();
    return Elementwise.binary(ctx, a, b, a.type(), (x, i, y, j, o, k) -> {
      long d = y.getLong(j);
      if (d == 0) {
        throw ctx.fail("integer division by zero");
      }
      // NOTE: Java's integer division truncates toward zero, as ONNX (C semantics) specifies.
      o.setLong(k, unsigned ? Long.divideUnsigned(x.getLong(i), d) : x.getLong(i) / d);
    });
  }

  private static NdArray modulo(EvalContext ctx, NdArray a, NdArray b) {
    boolean fmod = ctx.intAttribute("fmod", 0) == 1;
    if (a.kind() == NdArray.Kind.REAL) {
      if (!fmod) {
        throw ctx.fail("fmod must be 1 for floating-point inputs");
      }
      // NOTE: Java's % on doubles is C's fmod: the result takes the dividend's sign.
      return Elementwise.binary(ctx, a, b, a.type(), (x, i, y, j, o, k) -> o.setDouble(k, x.getDouble(i) % y.getDouble(j)));
    }
    boolean unsigned = a.isUnsigned64();
    return Elementwise.binary(ctx, a, b, a.type(), (x, i, y, j, o, k) -> {
      long d = y.getLong(j);
      if (d == 0) {
        throw ctx.fail("integer modulo by zero");
      }
      long n = x.getLong(i);
      if (unsigned) {
        o.setLong(k, Long.remainderUnsigned(n, d));
      } else {
        // fmod=0: the sign of the divisor (Python's %); fmod=1: the sign of the dividend (C's %).
        o.setLong(k, fmod ? n % d : Math.floorMod(n, d));
      }
    });
  }

  /** Pow: the base's type is the result's; the exponent may have another numeric type. */
  private static List<Tensor> power(EvalContext ctx, boolean legacy) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    NdArray b = NdArray.read(ctx, ctx.input(1));
    requireNumeric(ctx, a);
    requireNumeric(ctx, b);
    if (legacy) {
      Elementwise.requireSameType(ctx, a, b);
      b = Elementwise.legacyAlign(ctx, a, b);
    }
    NdArray out;
    if (a.kind() == NdArray.Kind.REAL) {
      out = Elementwise.binary(ctx, a, b, a.type(), (x, i, y, j, o, k) -> o.setDouble(k, Math.pow(x.getDouble(i), y.getDouble(j))));
    } else if (b.kind() == NdArray.Kind.INTEGRAL) {
      out = Elementwise.binary(ctx, a, b, a.type(), (x, i, y, j, o, k) -> o.setLong(k, integerPower(x.getLong(i), y.getLong(j), y.isUnsigned64())));
    } else {
      // NOTE: an integer base with a float exponent: computed in double and truncated, as ONNX Runtime does.
      out = Elementwise.binary(ctx, a, b, a.type(), (x, i, y, j, o, k) -> o.setLong(k, (long) Math.pow(x.getDouble(i), y.getDouble(j))));
    }
    return List.of(out.toTensor());
  }

  /** Exact integer power by squaring, wrapping like repeated multiplication. */
  private static long integerPower(long base, long exponent, boolean unsignedExponent) {
    if (exponent < 0 && !unsignedExponent) {
      return (long) Math.pow(base, exponent);
    }
    long result = 1;
    long e = exponent;
    long b = base;
    while (e != 0) {
      if ((e & 1) != 0) {
        result *= b;
      }
      b *= b;
      e >>>= 1;
    }
    return result;
  }

  private static void variadic(Kernels.Builder b, String op, LongBinaryOperator ints, DoubleBinaryOperator reals) {
    b.add(op, 1, ctx -> fold(ctx, false, op, ints, reals));
    b.add(op, 8, ctx -> fold(ctx, true, op, ints, reals));
  }

  private static List<Tensor> fold(EvalContext ctx, boolean broadcast, String op, LongBinaryOperator ints,
      DoubleBinaryOperator reals) {
    List<Tensor> inputs = ctx.presentInputs();
    if (inputs.isEmpty()) {
      throw ctx.fail("needs at least one input");
    }
    NdArray acc = NdArray.read(ctx, inputs.get(0));
    requireNumeric(ctx, acc);
    boolean unsigned = acc.isUnsigned64();
    LongBinaryOperator intOp = ints;
    if (unsigned && op.equals("Min")) {
      intOp = (x, y) -> Long.compareUnsigned(x, y) <= 0 ? x : y;
    } else if (unsigned && op.equals("Max")) {
      intOp = (x, y) -> Long.compareUnsigned(x, y) >= 0 ? x : y;
    }
    if (inputs.size() == 1) {
      acc = acc.select(ctx, acc.dims(), identity(acc.size()));
    }
    for (int n = 1; n < inputs.size(); n++) {
      NdArray next = NdArray.read(ctx, inputs.get(n));
      Elementwise.requireSameType(ctx, acc, next);
      if (!broadcast && !java.util.Arrays.equals(acc.dims(), next.dims())) {
        throw ctx.fail("inputs must have equal shapes before opset 8");
      }
      acc = elementwise(ctx, acc, next, intOp, reals);
    }
    return List.of(acc.toTensor());
  }

  private static int[] identity(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }
}
