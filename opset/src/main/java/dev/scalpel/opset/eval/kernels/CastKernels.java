package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.PackedElements;
import dev.scalpel.graph.tensor.SmallFloats;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Cast (target type named by a string at version 1, by its number from 6 on) and CastLike.
 * Floating point to integer truncates toward zero, except to the 4- and 2-bit integers, which round
 * to nearest even and keep the low bits (a tie is refused: ONNX Runtime rounds it away from zero);
 * to bool is "non-zero"; narrowing to a float rounds to nearest even, to the float8, float4 and
 * float8e8m0 formats as {@link SmallFloats} says (with the {@code saturate} and {@code round_mode}
 * attributes). Strings parse to numbers; numbers to strings are refused, because ONNX's reference
 * formats them as numpy does.
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
    // NOTE: saturate (from Cast-19) and round_mode (from Cast-24) only exist where the target types
    // they govern do; their defaults are the behaviour of the versions before.
    boolean saturate = ctx.intAttribute("saturate", 1) != 0;
    SmallFloats.E8M0Rounding rounding;
    try {
      rounding = SmallFloats.E8M0Rounding.of(ctx.stringAttribute("round_mode", "up"));
    } catch (IllegalArgumentException e) {
      throw ctx.fail(e.getMessage());
    }
    NdArray.Kind to = NdArray.kindOf(target);
    if (to == null) {
      throw ctx.unsupported("element type " + target.displayName() + " is not supported");
    }
    if (to == NdArray.Kind.TEXT && a.kind() != NdArray.Kind.TEXT) {
      throw ctx.fail("casting " + a.type().displayName() + " to string is not supported");
    }
    NdArray out = NdArray.allocate(ctx, target, a.dims());
    for (int i = 0; i < a.size(); i++) {
      convert(ctx, a, i, out, target, to);
    }
    try {
      return List.of(out.toTensor(saturate, rounding));
    } catch (SmallFloats.UndefinedConversionException e) {
      throw ctx.fail(e.getMessage());
    }
  }

  private static void convert(EvalContext ctx, NdArray a, int i, NdArray out, DataType target, NdArray.Kind to) {
    switch (a.kind()) {
      case TEXT:
        if (to == NdArray.Kind.TEXT) {
          out.setText(i, a.getText(i));
        } else {
          double v = parse(ctx, new String(a.getText(i), StandardCharsets.UTF_8));
          storeReal(ctx, out, i, v, target, to);
        }
        break;
      case REAL:
        storeReal(ctx, out, i, a.getDouble(i), target, to);
        break;
      default:
        if (to == NdArray.Kind.REAL) {
          if (target == DataType.FLOAT8E8M0 && Math.abs(a.getDouble(i)) > 0x1p53) {
            // NOTE: through a double the value would be rounded twice (to 53 bits, then to a power of two).
            throw ctx.fail("integer " + a.getDouble(i) + " to float8e8m0 is not evaluated (not exact in a double)");
          }
          out.setDouble(i, integerToReal(a, i, target));
        } else {
          long v = a.getLong(i);
          out.setLong(i, target == DataType.BOOL ? (v != 0 ? 1 : 0) : v);
        }
    }
  }

  private static void storeReal(EvalContext ctx, NdArray out, int i, double v, DataType target, NdArray.Kind to) {
    if (to == NdArray.Kind.REAL) {
      out.setDouble(i, v);
    } else if (target == DataType.BOOL) {
      out.setLong(i, v != 0 ? 1 : 0);
    } else if (PackedElements.isSubByte(target)) {
      // NOTE: ONNX's int4.md and int2.md: round to the nearest integer, ties to even, then keep the
      // low bits (toTensor drops the rest). NaN and infinities have no integer to round to.
      if (!Double.isFinite(v) || Math.abs(v) >= 0x1p63) {
        throw ctx.fail(v + " to " + target.displayName() + " is not evaluated (undefined, or beyond int64)");
      }
      // NOTE: ONNX Runtime 1.26 rounds ties away from zero here (0.5 to 1, 2.5 to 3); a folded tie
      // would change what the model computes under it, so ties are not evaluated.
      if (Math.abs(v - Math.floor(v)) == 0.5) {
        throw ctx.fail(v + " to " + target.displayName() + " is a tie: the spec rounds it to even, ONNX Runtime away"
            + " from zero");
      }
      out.setLong(i, (long) Math.rint(v));
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
