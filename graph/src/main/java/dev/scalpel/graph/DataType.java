package dev.scalpel.graph;

import java.util.Optional;

/**
 * An ONNX tensor element type, numbered as {@code TensorProto.DataType}.
 *
 * <p>{@link #bitWidth()} is the storage width of one element in {@code raw_data} (4 for the packed
 * 4-bit types, 0 for {@link #STRING} and {@link #UNDEFINED}, which have no fixed width).
 */
public enum DataType {
  UNDEFINED(0, 0),
  FLOAT(1, 32),
  UINT8(2, 8),
  INT8(3, 8),
  UINT16(4, 16),
  INT16(5, 16),
  INT32(6, 32),
  INT64(7, 64),
  STRING(8, 0),
  BOOL(9, 8),
  FLOAT16(10, 16),
  DOUBLE(11, 64),
  UINT32(12, 32),
  UINT64(13, 64),
  COMPLEX64(14, 64),
  COMPLEX128(15, 128),
  BFLOAT16(16, 16),
  FLOAT8E4M3FN(17, 8),
  FLOAT8E4M3FNUZ(18, 8),
  FLOAT8E5M2(19, 8),
  FLOAT8E5M2FNUZ(20, 8),
  UINT4(21, 4),
  INT4(22, 4),
  FLOAT4E2M1(23, 4),
  FLOAT8E8M0(24, 8),
  UINT2(25, 2),
  INT2(26, 2),
  FLOAT6E2M3(27, 6),
  FLOAT6E3M2(28, 6);

  private static final DataType[] BY_CODE = new DataType[29];

  static {
    for (DataType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  private final int code;
  private final int bitWidth;

  DataType(int code, int bitWidth) {
    this.code = code;
    this.bitWidth = bitWidth;
  }

  /** The number ONNX files use for this type. */
  public int code() {
    return code;
  }

  /** Bits one element occupies in packed little-endian storage; 0 when the width is not fixed. */
  public int bitWidth() {
    return bitWidth;
  }

  /** Whether elements have a fixed width, so that {@link #byteSize(long)} is defined. */
  public boolean hasFixedWidth() {
    return bitWidth > 0;
  }

  /**
   * Bytes that {@code elements} elements take in {@code raw_data}; sub-byte types are packed and the
   * last byte padded.
   *
   * @throws ArithmeticException if the size does not fit in a {@code long}
   * @throws IllegalStateException for types without a fixed width
   */
  public long byteSize(long elements) {
    if (!hasFixedWidth()) {
      throw new IllegalStateException(this + " has no fixed element width");
    }
    long bits = Math.multiplyExact(elements, (long) bitWidth);
    return bits / 8 + (bits % 8 == 0 ? 0 : 1);
  }

  public boolean isFloatingPoint() {
    return switch (this) {
      case FLOAT, DOUBLE, FLOAT16, BFLOAT16, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ,
          FLOAT4E2M1, FLOAT8E8M0, FLOAT6E2M3, FLOAT6E3M2 -> true;
      default -> false;
    };
  }

  public boolean isInteger() {
    return switch (this) {
      case UINT8, INT8, UINT16, INT16, INT32, INT64, UINT32, UINT64, UINT4, INT4, UINT2, INT2 -> true;
      default -> false;
    };
  }

  /** The type with this code, if it is one ONNX defines. */
  public static Optional<DataType> fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
  }

  /**
   * The type named {@code name}: its {@link #displayName()} ({@code float}, {@code int64}, {@code
   * float8e4m3fn}) or its NumPy name ({@code float32}, {@code float64}), in any case. {@link
   * #UNDEFINED} has no name.
   */
  public static Optional<DataType> fromName(String name) {
    String n = name.trim().toLowerCase(java.util.Locale.ROOT);
    switch (n) {
      case "float32":
        return Optional.of(FLOAT);
      case "float64":
        return Optional.of(DOUBLE);
      case "undefined":
        return Optional.empty();
      default:
        for (DataType t : values()) {
          if (t.displayName().equals(n)) {
            return Optional.of(t);
          }
        }
        return Optional.empty();
    }
  }

  /** Lower-case name as ONNX tools print it ({@code float}, {@code int64}, {@code float8e4m3fn}). */
  public String displayName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
