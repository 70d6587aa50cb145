package dev.scalpel.graph.tensor;

import dev.scalpel.graph.DataType;
import java.nio.ByteBuffer;

/**
 * Element access in packed little-endian storage, the layout of {@code raw_data}: elements of 8
 * bits or more are whole bytes; 4-bit elements go two to a byte and 2-bit elements four to a
 * byte, the first element in the least significant bits, the last byte padded with zero bits.
 */
public final class PackedElements {
  private PackedElements() {}

  /** Whether elements of {@code type} share bytes. */
  public static boolean isSubByte(DataType type) {
    return type.hasFixedWidth() && type.bitWidth() < 8;
  }

  /**
   * The bits of element {@code i} of a sub-byte tensor whose data starts at {@code base} in
   * {@code data}, unsigned, in the low bits of the result.
   */
  public static int bits(ByteBuffer data, int base, DataType type, long i) {
    int width = type.bitWidth();
    long bit = i * width;
    int b = data.get(base + (int) (bit >>> 3)) & 0xff;
    return (b >>> (int) (bit & 7)) & ((1 << width) - 1);
  }

  /** Element {@code i} of an INT4 or INT2 tensor, sign-extended; of UINT4 or UINT2, by value. */
  public static long integer(ByteBuffer data, int base, DataType type, long i) {
    int v = bits(data, base, type, i);
    int width = type.bitWidth();
    boolean signed = type == DataType.INT4 || type == DataType.INT2;
    return signed ? (v << (32 - width)) >> (32 - width) : v;
  }

  /**
   * Sets element {@code i} of the packed array {@code out} to the low bits of {@code value} (the
   * higher bits are discarded, as a narrowing integer conversion does).
   */
  public static void put(byte[] out, DataType type, long i, long value) {
    int width = type.bitWidth();
    long bit = i * width;
    int index = (int) (bit >>> 3);
    int shift = (int) (bit & 7);
    int mask = ((1 << width) - 1) << shift;
    out[index] = (byte) ((out[index] & ~mask) | (((int) value << shift) & mask));
  }
}
