package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.tensor.HalfFloats;
import dev.scalpel.graph.tensor.PackedElements;
import dev.scalpel.graph.tensor.SmallFloats;
import dev.scalpel.opset.eval.EvalContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor decoded into a Java array for a kernel to compute on: integer and boolean elements as
 * {@code long} (booleans 0/1, unsigned types by value, UINT64 by bit pattern), floating-point
 * elements as {@code double}, strings as bytes; the 4- and 2-bit types unpacked, the float formats
 * narrower than 16 bits widened exactly ({@link SmallFloats}). Writing narrows to the element type:
 * integers wrap as two's complement, floats round to the nearest representable value.
 */
final class NdArray {
  /** How the elements are held. */
  enum Kind { INTEGRAL, REAL, TEXT }

  private final DataType type;
  private final long[] dims;
  private final long[] ints;
  private final double[] reals;
  private final byte[][] texts;

  private NdArray(DataType type, long[] dims, long[] ints, double[] reals, byte[][] texts) {
    this.type = type;
    this.dims = dims;
    this.ints = ints;
    this.reals = reals;
    this.texts = texts;
  }

  static Kind kindOf(DataType type) {
    switch (type) {
      case FLOAT: case DOUBLE: case FLOAT16: case BFLOAT16:
      case FLOAT8E4M3FN: case FLOAT8E4M3FNUZ: case FLOAT8E5M2: case FLOAT8E5M2FNUZ: case FLOAT4E2M1: case FLOAT8E8M0:
        return Kind.REAL;
      case BOOL: case INT8: case UINT8: case INT16: case UINT16: case INT32: case UINT32: case INT64: case UINT64:
      case INT4: case UINT4: case INT2: case UINT2:
        return Kind.INTEGRAL;
      case STRING:
        return Kind.TEXT;
      default:
        return null;
    }
  }

  /** Whether kernels can hold elements of {@code type}. */
  static boolean supports(DataType type) {
    return kindOf(type) != null;
  }

  /** An array of zeros (empty strings) of {@code type}, after checking the budget. */
  static NdArray allocate(EvalContext ctx, DataType type, long[] dims) {
    Kind kind = kindOf(type);
    if (kind == null) {
      throw ctx.unsupported("element type " + type.displayName() + " is not supported");
    }
    long count = 1;
    for (long d : dims) {
      if (d < 0) {
        throw ctx.fail("negative dim in output shape " + Arrays.toString(dims));
      }
      count = multiplyWithinBudget(ctx, count, d);
    }
    ctx.reserve(count);
    int n = (int) count;
    switch (kind) {
      case REAL:
        return new NdArray(type, dims.clone(), null, new double[n], null);
      case TEXT:
        byte[][] texts = new byte[n][];
        Arrays.fill(texts, new byte[0]);
        return new NdArray(type, dims.clone(), null, null, texts);
      default:
        return new NdArray(type, dims.clone(), new long[n], null, null);
    }
  }

  private static long multiplyWithinBudget(EvalContext ctx, long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw ctx.fail("output shape exceeds the budget: its element count overflows 64 bits");
    }
  }

  /** Decodes {@code t}. */
  static NdArray read(EvalContext ctx, Tensor t) {
    DataType type = t.dataType();
    Kind kind = kindOf(type);
    if (kind == null) {
      throw ctx.unsupported("element type " + type.displayName() + " is not supported");
    }
    long[] dims = t.dims();
    long count = t.elementCount();
    if (count > Integer.MAX_VALUE - 8) {
      throw ctx.fail("input of " + count + " elements is too large to evaluate");
    }
    int n = (int) count;
    if (kind == Kind.TEXT) {
      return new NdArray(type, dims, null, null, t.strings().toArray(new byte[0][]));
    }
    ByteBuffer b = t.data().order(ByteOrder.LITTLE_ENDIAN);
    int base = b.position();
    if (kind == Kind.REAL) {
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        switch (type) {
          case FLOAT: out[i] = b.getFloat(base + 4 * i); break;
          case DOUBLE: out[i] = b.getDouble(base + 8 * i); break;
          case FLOAT16: out[i] = HalfFloats.halfToFloat(b.getShort(base + 2 * i)); break;
          case BFLOAT16: out[i] = HalfFloats.bfloat16ToFloat(b.getShort(base + 2 * i)); break;
          case FLOAT4E2M1: out[i] = SmallFloats.toFloat(type, PackedElements.bits(b, base, type, i)); break;
          default: out[i] = SmallFloats.toFloat(type, b.get(base + i) & 0xff); break;
        }
      }
      return new NdArray(type, dims, null, out, null);
    }
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      switch (type) {
        case BOOL: out[i] = b.get(base + i) != 0 ? 1 : 0; break;
        case INT8: out[i] = b.get(base + i); break;
        case UINT8: out[i] = b.get(base + i) & 0xffL; break;
        case INT16: out[i] = b.getShort(base + 2 * i); break;
        case UINT16: out[i] = b.getShort(base + 2 * i) & 0xffffL; break;
        case INT32: out[i] = b.getInt(base + 4 * i); break;
        case UINT32: out[i] = b.getInt(base + 4 * i) & 0xffffffffL; break;
        case INT4: case UINT4: case INT2: case UINT2: out[i] = PackedElements.integer(b, base, type, i); break;
        default: out[i] = b.getLong(base + 8 * i); break;
      }
    }
    return new NdArray(type, dims, out, null, null);
  }

  DataType type() {
    return type;
  }

  Kind kind() {
    return ints != null ? Kind.INTEGRAL : reals != null ? Kind.REAL : Kind.TEXT;
  }

  /** Whether integer arithmetic must treat the 64-bit pattern as unsigned. */
  boolean isUnsigned64() {
    return type == DataType.UINT64;
  }

  long[] dims() {
    return dims.clone();
  }

  int rank() {
    return dims.length;
  }

  long dim(int axis) {
    return dims[axis];
  }

  int size() {
    return ints != null ? ints.length : reals != null ? reals.length : texts.length;
  }

  /** Element {@code i} of an integral array. */
  long getLong(int i) {
    return ints[i];
  }

  /** Element {@code i} as a number: exact for reals, the (unsigned where UINT64) value for integers. */
  double getDouble(int i) {
    if (reals != null) {
      return reals[i];
    }
    long v = ints[i];
    if (type == DataType.UINT64 && v < 0) {
      // NOTE: the unsigned value, rounded as a double would round it.
      return (double) (v >>> 1) * 2.0 + (v & 1);
    }
    return v;
  }

  byte[] getText(int i) {
    return texts[i];
  }

  void setLong(int i, long v) {
    ints[i] = v;
  }

  void setDouble(int i, double v) {
    reals[i] = v;
  }

  void setText(int i, byte[] v) {
    texts[i] = v;
  }

  /** Copies element {@code from} of {@code src} (of the same kind) to element {@code to}. */
  void copy(NdArray src, int from, int to) {
    if (ints != null) {
      ints[to] = src.ints[from];
    } else if (reals != null) {
      reals[to] = src.reals[from];
    } else {
      texts[to] = src.texts[from];
    }
  }

  /** A new array of this type and {@code newDims} whose element k is element {@code sources[k]} here. */
  NdArray select(EvalContext ctx, long[] newDims, int[] sources) {
    NdArray out = allocate(ctx, type, newDims);
    for (int k = 0; k < sources.length; k++) {
      out.copy(this, sources[k], k);
    }
    return out;
  }

  /** The same elements under other dims of equal element count. */
  NdArray reshaped(long[] newDims) {
    return new NdArray(type, newDims.clone(), ints, reals, texts);
  }

  /** The elements of an integral array, for index and shape inputs. */
  long[] longs() {
    return ints.clone();
  }

  /**
   * Encodes the array as a dense tensor, narrowing to the element type; to float8 with saturation,
   * to float8e8m0 rounding up (the defaults of Cast and QuantizeLinear).
   *
   * @throws SmallFloats.UndefinedConversionException for an element ONNX gives no single result for
   */
  Tensor toTensor() {
    return toTensor(true, SmallFloats.E8M0Rounding.UP);
  }

  /**
   * Encodes the array as a dense tensor, narrowing to the element type: floats round to nearest
   * even, integers keep their low bits; {@code saturate} and {@code rounding} apply to the float
   * formats narrower than 16 bits ({@link SmallFloats#fromDouble}).
   *
   * @throws SmallFloats.UndefinedConversionException for an element ONNX gives no single result for
   */
  Tensor toTensor(boolean saturate, SmallFloats.E8M0Rounding rounding) {
    if (texts != null) {
      return DenseTensor.ofStrings("", dims, new ArrayList<>(List.of(texts)));
    }
    int n = size();
    if (PackedElements.isSubByte(type)) {
      byte[] packed = new byte[(int) type.byteSize(n)];
      for (int i = 0; i < n; i++) {
        long v = ints != null ? ints[i] : SmallFloats.fromDouble(type, reals[i], saturate, rounding);
        PackedElements.put(packed, type, i, v);
      }
      return DenseTensor.wrap("", type, dims, ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN));
    }
    ByteBuffer b = ByteBuffer.allocate((int) type.byteSize(n)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      switch (type) {
        case FLOAT: b.putFloat((float) reals[i]); break;
        case DOUBLE: b.putDouble(reals[i]); break;
        case FLOAT16: b.putShort(HalfFloats.floatToHalf(toFloatOnce(reals[i]))); break;
        case BFLOAT16: b.putShort(HalfFloats.floatToBfloat16(toFloatOnce(reals[i]))); break;
        case FLOAT8E4M3FN: case FLOAT8E4M3FNUZ: case FLOAT8E5M2: case FLOAT8E5M2FNUZ: case FLOAT8E8M0:
          b.put((byte) SmallFloats.fromDouble(type, reals[i], saturate, rounding));
          break;
        case BOOL: b.put((byte) (ints[i] != 0 ? 1 : 0)); break;
        case INT8: case UINT8: b.put((byte) ints[i]); break;
        case INT16: case UINT16: b.putShort((short) ints[i]); break;
        case INT32: case UINT32: b.putInt((int) ints[i]); break;
        default: b.putLong(ints[i]); break;
      }
    }
    b.flip();
    return DenseTensor.wrap("", type, dims, b);
  }

  /**
   * NOTE: a double rounds to float first, then to 16 bits; the double rounding can differ from a
   * direct rounding by one unit in the last place only when the double lies within 2^-29 relative
   * of a 16-bit tie, which results computed from 16-bit inputs do not.
   */
  private static float toFloatOnce(double v) {
    return (float) v;
  }
}
