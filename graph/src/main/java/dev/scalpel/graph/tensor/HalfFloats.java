package dev.scalpel.graph.tensor;

/**
 * Conversions between {@code float} and the 16-bit float formats ONNX uses: IEEE binary16 ({@code
 * FLOAT16}) and bfloat16. Narrowing rounds to nearest, ties to even; NaN stays NaN.
 */
public final class HalfFloats {
  private HalfFloats() {}

  public static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0) {
      float magnitude = mant * 0x1p-24f; // subnormal (or zero): exact in float
      return sign == 0 ? magnitude : -magnitude;
    }
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }

  public static short floatToHalf(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int abs = bits & 0x7fffffff;
    if (abs >= 0x7f800000) {
      return (short) (sign | (abs > 0x7f800000 ? 0x7e00 : 0x7c00));
    }
    if (abs >= 0x477ff000) { // rounds to 65536 or more: infinity
      return (short) (sign | 0x7c00);
    }
    if (abs < 0x38800000) { // below 2^-14: a half subnormal; scaling by 2^24 is exact in float
      int m = (int) Math.rint(Float.intBitsToFloat(abs) * 0x1p24f);
      return (short) (sign | m);
    }
    int rebased = abs - 0x38000000; // exponent bias 127 -> 15
    int rounded = (rebased + 0xfff + ((rebased >>> 13) & 1)) >>> 13;
    return (short) (sign | rounded);
  }

  public static float bfloat16ToFloat(short bf) {
    return Float.intBitsToFloat((bf & 0xffff) << 16);
  }

  public static short floatToBfloat16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if ((bits & 0x7fffffff) > 0x7f800000) {
      return (short) ((bits >>> 16) | 0x40);
    }
    return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
  }
}
