package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Cast (target type named by a string at version 1, by its number from 6 on) and CastLike.
 * Floating point to integer truncates toward zero, to bool is "non-zero", and narrows to 16-bit
 * floats by rounding to nearest even. Strings parse to numbers; numbers to strings are refused,
 * because ONNX's reference formats them as numpy does.
 */
public final class CastKernels {
  private CastKernels() {}

  public static void register(Kernels.Builder b) {
    b.add("Cast", 1, ctx -> cast(ctx, targetByName(ctx)));
    b.add("Cast", 6, ctx -> cast(ctx, targetByCode(ctx)));
    b.add("CastLike", 15, ctx -> cast(ctx, ctx.input(1).dataType()));
  }

  private static DataType targetByName(EvalContext ctx) {
    String name = ctx.stringAttribute("to", null);
    if (name == null) {
      throw ctx.fail("to attribute is missing");
    }
    try {
      return DataType.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ctx.fail("unknown element type '" + name + "'");
    }
  }

  private static DataType targetByCode(EvalContext ctx) {
    long code = ctx.intAttribute("to", -1);
    return DataType.fromCode((int) code).orElseThrow(() -> ctx.fail("unknown element type code " + code));
  }

  private static List<Tensor> cast(EvalContext ctx, DataType target) {
    NdArray a = NdArray.read(ctx, ctx.input(0));
    NdArray.Kind to = NdArray.kindOf(target);
    if (to == null) {
      throw ctx.fail("element type " + target.displayName() + " is not supported");
    }
    if (to == NdArray.Kind.TEXT && a.kind() != NdArray.Kind.TEXT) {
      throw ctx.fail("casting " + a.type().displayName() + " to string is not supported");
    }
    NdArray out = NdArray.allocate(ctx, target, a.dims());
    for (int i = 0; i < a.size(); i++) {
      convert(ctx, a, i, out, target, to);
    }
    return List.of(out.toTensor());
  }

  private static void convert(EvalContext ctx, NdArray a, int i, NdArray out, DataType target, NdArray.Kind to) {
    switch (a.kind()) {
      case TEXT:
        if (to == NdArray.Kind.TEXT) {
          out.setText(i, a.getText(i));
        } else {
          double v = parse(ctx, new String(a.getText(i), StandardCharsets.UTF_8));
          storeReal(out, i, v, target, to);
        }
        break;
      case REAL:
        storeReal(out, i, a.getDouble(i), target, to);
        break;
      default:
        if (to == NdArray.Kind.REAL) {
          out.setDouble(i, integerToReal(a, i, target));
        } else {
          long v = a.getLong(i);
          out.setLong(i, target == DataType.BOOL ? (v != 0 ? 1 : 0) : v);
        }
    }
  }

  private static void storeReal(NdArray out, int i, double v, DataType target, NdArray.Kind to) {
    if (to == NdArray.Kind.REAL) {
      out.setDouble(i, v);
    } else if (target == DataType.BOOL) {
      out.setLong(i, v != 0 ? 1 : 0);
    } else if (target == DataType.UINT64 && v >= 0x1p63) {
      // NOTE: (long) saturates at 2^63 - 1; the unsigned range goes on to 2^64.
      out.setLong(i, (long) (v - 0x1p63) ^ Long.MIN_VALUE);
    } else {
      // NOTE: Java's (long) truncates toward zero, as C's conversion does for in-range values.
      out.setLong(i, (long) v);
    }
  }

  /**
   * NOTE: an int64 goes to float through one rounding, not via double (two roundings could differ
   * for magnitudes above 2^53).
   */
  private static double integerToReal(NdArray a, int i, DataType target) {
    if (target == DataType.FLOAT && a.type() != DataType.UINT64) {
      return (float) a.getLong(i);
    }
    return a.getDouble(i);
  }

  private static double parse(EvalContext ctx, String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "nan": case "+nan": case "-nan":
        return Double.NaN;
      case "inf": case "+inf": case "infinity": case "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf": case "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(t);
        } catch (NumberFormatException e) {
          throw ctx.fail("cannot parse '" + s + "' as a number");
        }
    }
  }
}
