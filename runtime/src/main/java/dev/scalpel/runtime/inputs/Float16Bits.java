package dev.scalpel.runtime.inputs;

/**
 * Narrows a {@code float} to the bits of a 16-bit float: IEEE 754 half precision ({@code float16})
 * or {@code bfloat16}, rounding to nearest, ties to even. NaN stays NaN, infinities stay infinite,
 * values beyond the range become infinite. (Java 17 has no {@code Float.floatToFloat16}.)
 */
final class Float16Bits {
  private Float16Bits() {}

  static short ieeeHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exponent = (bits >>> 23) & 0xff;
    int mantissa = bits & 0x7fffff;
    if (exponent == 0xff) {
      return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0));
    }
    int e = exponent - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      // NOTE: a subnormal half: the implicit leading 1 becomes explicit, shifted into the mantissa.
      int full = mantissa | 0x800000;
      int shift = 14 - e;
      return (short) (sign | roundShift(full, shift));
    }
    // NOTE: a carry out of the mantissa correctly bumps the exponent (up to infinity).
    return (short) (sign | (e << 10) + roundShift(mantissa, 13));
  }

  static short bfloat16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
  }

  private static int roundShift(int value, int shift) {
    int kept = value >>> shift;
    int rest = value & ((1 << shift) - 1);
    int half = 1 << (shift - 1);
    if (rest > half || (rest == half && (kept & 1) != 0)) {
      kept++;
    }
    return kept;
  }
}
