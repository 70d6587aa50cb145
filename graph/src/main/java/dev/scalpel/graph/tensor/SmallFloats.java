package dev.scalpel.graph.tensor;

import dev.scalpel.graph.DataType;

/**
 * Conversions between numbers and the float formats narrower than 16 bits that ONNX defines:
 * FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT4E2M1 and FLOAT8E8M0, each
 * element given as its bit pattern in the low bits of an {@code int}.
 *
 * <p>Widening ({@link #toFloat}) is exact. Narrowing ({@link #fromDouble}) follows ONNX's Cast
 * tables: the value is rounded to the format's mantissa width with ties to even ({@code [x]}), then
 * out-of-range values saturate to the largest finite value or, with {@code saturate} off, become
 * NaN (E5M2: infinity); infinities saturate too; the UZ formats have one zero (a negative result
 * that rounds to zero is +0) and one NaN (0x80). FLOAT4E2M1 always saturates (infinities to ±6).
 * FLOAT8E8M0 (powers of two 2^-127..2^127, 0xFF NaN) rounds as {@link E8M0Rounding} says.
 *
 * <p>Conversions whose result ONNX leaves undefined or states two ways throw {@link
 * UndefinedConversionException} instead of picking one: NaN to FLOAT4E2M1 (the float4 table says 6,
 * ONNX's node tests expect -0), and negative numbers or -0 to FLOAT8E8M0.
 */
public final class SmallFloats {
  private SmallFloats() {}

  /** How a value that is not a power of two becomes one in FLOAT8E8M0 (Cast's {@code round_mode}). */
  public enum E8M0Rounding {
    /** To the next power of two away from zero (ONNX's default). */
    UP,
    /** To the power of two below. */
    DOWN,
    /** To the nearer of the two, ties up (the midpoint of 2^e and 2^(e+1) is 1.5 * 2^e). */
    NEAREST;

    /** The mode named by Cast's {@code round_mode} attribute ({@code up}, {@code down}, {@code nearest}). */
    public static E8M0Rounding of(String name) {
      return switch (name) {
        case "up" -> UP;
        case "down" -> DOWN;
        case "nearest" -> NEAREST;
        default -> throw new IllegalArgumentException("unknown round_mode '" + name + "'");
      };
    }
  }

  /** A conversion ONNX does not define one result for. */
  public static final class UndefinedConversionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UndefinedConversionException(String message) {
      super(message);
    }
  }

  /**
   * A sign-exponent-mantissa format: {@code maxBits} is the bit pattern (without sign) of the
   * largest finite value; patterns above it are NaN or infinity, or do not exist.
   */
  private record Format(int exponentBits, int mantissaBits, int bias, int maxBits, boolean unsignedZero) {
    int signBit() {
      return 1 << (exponentBits + mantissaBits);
    }
  }

  private static final Format E4M3FN = new Format(4, 3, 7, 0x7e, false);
  private static final Format E4M3FNUZ = new Format(4, 3, 8, 0x7f, true);
  private static final Format E5M2 = new Format(5, 2, 15, 0x7b, false);
  private static final Format E5M2FNUZ = new Format(5, 2, 16, 0x7f, true);
  private static final Format E2M1 = new Format(2, 1, 1, 0x7, false);

  /** Whether {@code type} is one of the formats this class converts. */
  public static boolean handles(DataType type) {
    return type == DataType.FLOAT8E8M0 || format(type) != null;
  }

  private static Format format(DataType type) {
    return switch (type) {
      case FLOAT8E4M3FN -> E4M3FN;
      case FLOAT8E4M3FNUZ -> E4M3FNUZ;
      case FLOAT8E5M2 -> E5M2;
      case FLOAT8E5M2FNUZ -> E5M2FNUZ;
      case FLOAT4E2M1 -> E2M1;
      default -> null;
    };
  }

  /** The value of the element with bit pattern {@code bits} (exact in {@code float}). */
  public static float toFloat(DataType type, int bits) {
    if (type == DataType.FLOAT8E8M0) {
      int e = bits & 0xff;
      return e == 0xff ? Float.NaN : (float) Math.scalb(1.0, e - 127);
    }
    Format f = requireFormat(type);
    int sign = bits & f.signBit();
    int magnitude = bits & (f.signBit() - 1);
    if (f.unsignedZero() && sign != 0 && magnitude == 0) {
      return Float.NaN;
    }
    if (!f.unsignedZero() && type != DataType.FLOAT4E2M1 && magnitude > f.maxBits()) {
      // E4M3FN: S.1111.111 is NaN; E5M2: S.11111.00 is infinity, S.11111.xx (xx != 0) NaN.
      boolean infinity = type == DataType.FLOAT8E5M2 && magnitude == 0x7c;
      float special = infinity ? Float.POSITIVE_INFINITY : Float.NaN;
      return sign != 0 ? -special : special;
    }
    int exponent = magnitude >>> f.mantissaBits();
    int mantissa = magnitude & ((1 << f.mantissaBits()) - 1);
    double value = exponent == 0
        ? Math.scalb((double) mantissa, 1 - f.bias() - f.mantissaBits())
        : Math.scalb((double) ((1 << f.mantissaBits()) | mantissa), exponent - f.bias() - f.mantissaBits());
    return (float) (sign != 0 ? -value : value);
  }

  /**
   * The bit pattern of {@code value} in {@code type}, as ONNX's Cast defines it (see the class
   * comment). {@code saturate} is ignored for FLOAT4E2M1, which always saturates; {@code rounding}
   * only applies to FLOAT8E8M0.
   *
   * @throws UndefinedConversionException where ONNX gives no single result
   */
  public static int fromDouble(DataType type, double value, boolean saturate, E8M0Rounding rounding) {
    if (type == DataType.FLOAT8E8M0) {
      return toE8M0(value, saturate, rounding);
    }
    Format f = requireFormat(type);
    boolean float4 = type == DataType.FLOAT4E2M1;
    boolean negative = (Double.doubleToRawLongBits(value) < 0);
    int sign = negative ? f.signBit() : 0;
    if (Double.isNaN(value)) {
      if (float4) {
        throw new UndefinedConversionException("NaN to float4e2m1 is undefined (the spec's table says 6, "
            + "ONNX's reference gives -0)");
      }
      // NOTE: the NaN patterns ONNX writes: E4M3FN S.1111.111, E5M2 S.11111.10, UZ formats 0x80.
      return f.unsignedZero() ? 0x80 : sign | (type == DataType.FLOAT8E5M2 ? 0x7e : 0x7f);
    }
    double magnitude = Math.abs(value);
    int bits;
    if (Double.isInfinite(magnitude)) {
      bits = Integer.MAX_VALUE;
    } else {
      int minExponent = 1 - f.bias();
      int exponent = Math.max(Math.getExponent(magnitude), minExponent);
      // NOTE: dividing by a power of two is exact, so rint rounds the value itself, ties to even.
      double steps = Math.rint(Math.scalb(magnitude, f.mantissaBits() - exponent));
      if (exponent == minExponent && steps < (1 << f.mantissaBits())) {
        bits = (int) steps; // subnormal or zero
      } else {
        if (steps == (2 << f.mantissaBits())) { // rounded up to the next power of two
          steps /= 2;
          exponent++;
        }
        long field = (long) (exponent + f.bias()) << f.mantissaBits() | ((long) steps - (1 << f.mantissaBits()));
        bits = (int) Math.min(field, Integer.MAX_VALUE);
      }
    }
    if (bits > f.maxBits()) {
      if (saturate || float4) {
        return sign | f.maxBits();
      }
      if (f.unsignedZero()) {
        return 0x80;
      }
      return sign | (type == DataType.FLOAT8E5M2 ? 0x7c : 0x7f);
    }
    if (bits == 0 && f.unsignedZero()) {
      return 0;
    }
    return sign | bits;
  }

  private static int toE8M0(double value, boolean saturate, E8M0Rounding rounding) {
    if (Double.isNaN(value)) {
      return 0xff;
    }
    if (value < 0 || Double.doubleToRawLongBits(value) == Long.MIN_VALUE) {
      throw new UndefinedConversionException("casting " + value + " to float8e8m0 is undefined (negative)");
    }
    double min = 0x1p-127;
    double max = 0x1p127;
    if (value > max) {
      return saturate ? 0xfe : 0xff;
    }
    if (value < min) {
      return saturate ? 0x00 : 0xff;
    }
    int exponent = Math.getExponent(value); // value >= 2^-127 is a normal double
    double power = Math.scalb(1.0, exponent);
    if (value != power) {
      boolean up = switch (rounding) {
        case UP -> true;
        case DOWN -> false;
        case NEAREST -> value >= 1.5 * power;
      };
      if (up) {
        exponent++;
      }
    }
    return Math.min(exponent + 127, 0xfe);
  }

  private static Format requireFormat(DataType type) {
    Format f = format(type);
    if (f == null) {
      throw new IllegalArgumentException(type.displayName() + " is not a small float format");
    }
    return f;
  }
}
