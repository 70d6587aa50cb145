package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.HalfFloats;
import dev.scalpel.graph.tensor.SmallFloats;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.List;

/**
 * QuantizeLinear {@code y = saturate(round(x / y_scale) + y_zero_point)} and DequantizeLinear
 * {@code y = (x - x_zero_point) * x_scale}, every version from 10: per-tensor, per-axis (13 on) and
 * blocked ({@code block_size}, 21 on) scales; every quantized type (8- and 16-bit integers, the
 * float8 formats with {@code saturate}, int4/uint4, float4e2m1, int2/uint2); {@code output_dtype}
 * and {@code precision}.
 *
 * <p>Arithmetic is exact up to one rounding to the precision type (the scale's type, or {@code
 * precision}; for DequantizeLinear the output type), as the spec says. Where the spec leaves open
 * where an operand is rounded (an int32 or float32 {@code x} that the float16 precision type cannot
 * hold, {@code x - x_zero_point} not exact in the output type), the kernel refuses instead of
 * guessing. Integer results round half to even, add the zero point, and clamp to the type's range;
 * float results narrow as {@link SmallFloats} says.
 */
public final class QuantizationKernels {
  private QuantizationKernels() {}

  public static void register(Kernels.Builder b) {
    b.add("QuantizeLinear", 10, QuantizationKernels::quantize);
    b.add("DequantizeLinear", 10, QuantizationKernels::dequantize);
  }

  private static List<Tensor> quantize(EvalContext ctx) {
    NdArray x = NdArray.read(ctx, ctx.input(0));
    NdArray scale = NdArray.read(ctx, ctx.input(1));
    NdArray zeroPoint = ctx.optionalInput(2).map(t -> NdArray.read(ctx, t)).orElse(null);
    DataType outType = quantizedType(ctx, zeroPoint);
    DataType precision = precision(ctx, scale.type());
    ScaleIndex index = ScaleIndex.of(ctx, x.dims(), scale, zeroPoint);
    boolean saturate = ctx.intAttribute("saturate", 1) != 0;
    NdArray out = NdArray.allocate(ctx, outType, x.dims());
    boolean floatOut = NdArray.kindOf(outType) == NdArray.Kind.REAL;
    long[] range = floatOut ? null : range(ctx, outType);
    for (int i = 0; i < x.size(); i++) {
      int k = index.of(i);
      double xv = exactIn(ctx, precision, x.getDouble(i), "x");
      double s = exactIn(ctx, precision, scale.getDouble(k), "y_scale");
      double q = round(precision, xv / s);
      if (precision != DataType.FLOAT && differsInFloat(q, round(DataType.FLOAT, xv / s), floatOut, outType)) {
        // NOTE: the spec divides in the scale's 16-bit type; a runtime that divides in float32
        // would give another result here, so the value is not folded.
        throw ctx.fail("x / y_scale at element " + i + " rounds differently in " + precision.displayName()
            + " and in float32");
      }
      if (floatOut) {
        // NOTE: the zero point is added even when it is zero: -0 + 0 is +0, as ONNX's tests expect.
        // Without a zero point the sign of a -0 quotient is left open, so it is not evaluated.
        if (zeroPoint == null && Double.doubleToRawLongBits(q) == Long.MIN_VALUE) {
          throw ctx.fail("x / y_scale is -0 at element " + i + " and there is no zero point to add");
        }
        out.setDouble(i, zeroPoint == null ? q : round(precision, q + zeroPoint.getDouble(k)));
      } else {
        if (!Double.isFinite(q)) {
          throw ctx.fail("x / y_scale is " + q + " at element " + i + "; its integer is undefined");
        }
        double r = Math.rint(q) + (zeroPoint == null ? 0 : zeroPoint.getLong(k));
        out.setLong(i, (long) Math.max(range[0], Math.min(range[1], r)));
      }
    }
    return List.of(encode(ctx, out, saturate));
  }

  private static List<Tensor> dequantize(EvalContext ctx) {
    NdArray x = NdArray.read(ctx, ctx.input(0));
    NdArray scale = NdArray.read(ctx, ctx.input(1));
    NdArray zeroPoint = ctx.optionalInput(2).map(t -> NdArray.read(ctx, t)).orElse(null);
    if (zeroPoint != null && zeroPoint.type() != x.type()) {
      throw ctx.fail("x_zero_point is " + zeroPoint.type().displayName() + ", x " + x.type().displayName());
    }
    long code = ctx.intAttribute("output_dtype", 0);
    DataType outType = code == 0 ? scale.type()
        : DataType.fromCode((int) code).orElseThrow(() -> ctx.fail("unknown output_dtype " + code));
    if (outType != DataType.FLOAT && outType != DataType.FLOAT16 && outType != DataType.BFLOAT16) {
      throw ctx.unsupported("output type " + outType.displayName() + " is not evaluated");
    }
    ScaleIndex index = ScaleIndex.of(ctx, x.dims(), scale, zeroPoint);
    NdArray out = NdArray.allocate(ctx, outType, x.dims());
    for (int i = 0; i < x.size(); i++) {
      int k = index.of(i);
      // NOTE: both operands are integers or values of one small float format: the difference is exact in a double.
      double diff = x.getDouble(i) - (zeroPoint == null ? 0 : zeroPoint.getDouble(k));
      double s = exactIn(ctx, outType, scale.getDouble(k), "x_scale");
      out.setDouble(i, round(outType, exactIn(ctx, outType, diff, "x - x_zero_point") * s));
    }
    return List.of(encode(ctx, out, true));
  }

  /** Whether quotients {@code a} and {@code b} quantize to different values (ignoring the zero point). */
  private static boolean differsInFloat(double a, double b, boolean floatOut, DataType outType) {
    if (!floatOut) {
      return Math.rint(a) != Math.rint(b);
    }
    try {
      return SmallFloats.fromDouble(outType, a, true, SmallFloats.E8M0Rounding.UP)
          != SmallFloats.fromDouble(outType, b, true, SmallFloats.E8M0Rounding.UP);
    } catch (SmallFloats.UndefinedConversionException e) {
      return false; // refused when the result is encoded
    }
  }

  /** The output type: {@code output_dtype}, else the zero point's, else uint8; the two must agree. */
  private static DataType quantizedType(EvalContext ctx, NdArray zeroPoint) {
    long code = ctx.intAttribute("output_dtype", 0);
    DataType fromAttribute = code == 0 ? null
        : DataType.fromCode((int) code).orElseThrow(() -> ctx.fail("unknown output_dtype " + code));
    if (fromAttribute != null && zeroPoint != null && zeroPoint.type() != fromAttribute) {
      throw ctx.fail("output_dtype " + fromAttribute.displayName() + " differs from y_zero_point's type "
          + zeroPoint.type().displayName());
    }
    DataType t = fromAttribute != null ? fromAttribute : zeroPoint != null ? zeroPoint.type() : DataType.UINT8;
    if (NdArray.kindOf(t) == null || t == DataType.BOOL || t == DataType.FLOAT8E8M0
        || (NdArray.kindOf(t) == NdArray.Kind.REAL && !SmallFloats.handles(t))) {
      throw ctx.unsupported("quantized type " + t.displayName() + " is not evaluated");
    }
    return t;
  }

  /** The type the division is computed in: {@code precision}, else the scale's type. */
  private static DataType precision(EvalContext ctx, DataType scaleType) {
    long code = ctx.intAttribute("precision", 0);
    DataType t = code == 0 ? scaleType
        : DataType.fromCode((int) code).orElseThrow(() -> ctx.fail("unknown precision " + code));
    if (t != DataType.FLOAT && t != DataType.FLOAT16 && t != DataType.BFLOAT16) {
      throw ctx.unsupported("division in " + t.displayName() + " is not evaluated");
    }
    return t;
  }

  /** The [min, max] of an integer type QuantizeLinear saturates to. */
  private static long[] range(EvalContext ctx, DataType t) {
    return switch (t) {
      case UINT8 -> new long[] {0, 255};
      case INT8 -> new long[] {-128, 127};
      case UINT16 -> new long[] {0, 65535};
      case INT16 -> new long[] {-32768, 32767};
      case UINT4 -> new long[] {0, 15};
      case INT4 -> new long[] {-8, 7};
      case UINT2 -> new long[] {0, 3};
      case INT2 -> new long[] {-2, 1};
      default -> throw ctx.unsupported("quantized type " + t.displayName() + " is not evaluated");
    };
  }

  /**
   * {@code v} rounded once to {@code type}, to nearest even. NOTE: v is a double quotient or
   * product of two values of {@code type}; rounding it through float to a 16-bit type gives the
   * same as rounding the exact result, because each step keeps at least 2p + 2 bits.
   */
  static double round(DataType type, double v) {
    return switch (type) {
      case FLOAT -> (float) v;
      case FLOAT16 -> HalfFloats.halfToFloat(HalfFloats.floatToHalf((float) v));
      case BFLOAT16 -> HalfFloats.bfloat16ToFloat(HalfFloats.floatToBfloat16((float) v));
      default -> throw new IllegalArgumentException(type.displayName());
    };
  }

  /** {@code v}, after checking that {@code type} holds it exactly (NaN and infinities pass). */
  private static double exactIn(EvalContext ctx, DataType type, double v, String what) {
    double r = round(type, v);
    if (r != v && !Double.isNaN(v)) {
      throw ctx.fail(what + " = " + v + " is not exact in " + type.displayName()
          + "; the spec does not say where it is rounded");
    }
    return v;
  }

  private static Tensor encode(EvalContext ctx, NdArray out, boolean saturate) {
    try {
      return out.toTensor(saturate, SmallFloats.E8M0Rounding.UP);
    } catch (SmallFloats.UndefinedConversionException e) {
      throw ctx.fail(e.getMessage());
    }
  }

  /**
   * Which scale (and zero point) element applies to each element of x: one for all (per-tensor),
   * one per index along {@code axis} (per-axis, opset 13 on), or one per {@code block_size}
   * indices along {@code axis} (blocked, opset 21 on).
   */
  private record ScaleIndex(long inner, long axisDim, long scaleAxisDim, long blockSize, boolean perAxis) {
    static ScaleIndex of(EvalContext ctx, long[] dims, NdArray scale, NdArray zeroPoint) {
      // NOTE: a scalar scale with a one-element 1-D zero point (or the reverse) is one value; ONNX's tests have it.
      if (zeroPoint != null && !java.util.Arrays.equals(zeroPoint.dims(), scale.dims())
          && !(zeroPoint.size() == 1 && scale.size() == 1 && zeroPoint.rank() <= 1 && scale.rank() <= 1)) {
        throw ctx.fail("zero point shape differs from the scale's");
      }
      long blockSize = ctx.intAttribute("block_size", 0);
      if (blockSize < 0) {
        throw ctx.fail("block_size " + blockSize + " is negative");
      }
      if (scale.size() == 1 && blockSize == 0 && scale.rank() <= 1) {
        return new ScaleIndex(1, 1, 1, 0, false);
      }
      if (ctx.opsetVersion() < 13) {
        throw ctx.fail("a scale that is not a scalar needs opset 13");
      }
      if (dims.length == 0) {
        throw ctx.fail("a scalar input needs a scalar scale");
      }
      int axis = AxisArguments.normalize(ctx, ctx.intAttribute("axis", 1), dims.length);
      long inner = Strides.count(dims, axis + 1, dims.length);
      if (blockSize == 0) {
        if (scale.rank() != 1 || scale.dim(0) != dims[axis]) {
          throw ctx.fail("per-axis scale of shape " + java.util.Arrays.toString(scale.dims()) + " for dim "
              + dims[axis] + " of axis " + axis);
        }
        return new ScaleIndex(inner, dims[axis], dims[axis], 1, true);
      }
      if (ctx.opsetVersion() < 21) {
        throw ctx.fail("block_size needs opset 21");
      }
      long[] sd = scale.dims();
      boolean matches = sd.length == dims.length;
      for (int d = 0; matches && d < dims.length; d++) {
        matches = d == axis ? sd[d] == (dims[d] + blockSize - 1) / blockSize : sd[d] == dims[d];
      }
      if (!matches) {
        throw ctx.fail("blocked scale of shape " + java.util.Arrays.toString(sd) + " does not fit x of shape "
            + java.util.Arrays.toString(dims) + " with block_size " + blockSize + " on axis " + axis);
      }
      return new ScaleIndex(inner, dims[axis], sd[axis], blockSize, false);
    }

    int of(int i) {
      if (blockSize == 0) {
        return 0;
      }
      long innerIndex = i % inner;
      long c = (i / inner) % axisDim;
      if (perAxis) {
        return (int) c;
      }
      long outer = i / (inner * axisDim);
      return (int) ((outer * scaleAxisDim + c / blockSize) * inner + innerIndex);
    }
  }
}
