package dev.scalpel.runtime.inputs;

import dev.scalpel.graph.DataType;
import java.util.Map;

/**
 * A NumPy dtype string of a {@code .npy} header ({@code '<f4'}, {@code '|b1'}, {@code '>i8'}) and
 * the ONNX element type it stands for.
 *
 * <p>Invariant: {@code swapUnit} is the width in bytes of the parts whose byte order must be
 * reversed to reach little-endian layout: 0 when the data is little-endian or single-byte already,
 * otherwise the element width (half of it for complex numbers, which are two floats).
 */
record NpyDescr(DataType type, int swapUnit) {

  private static final Map<String, DataType> BY_CODE = Map.ofEntries(
      Map.entry("f2", DataType.FLOAT16), Map.entry("f4", DataType.FLOAT), Map.entry("f8", DataType.DOUBLE),
      Map.entry("i1", DataType.INT8), Map.entry("i2", DataType.INT16), Map.entry("i4", DataType.INT32),
      Map.entry("i8", DataType.INT64), Map.entry("u1", DataType.UINT8), Map.entry("u2", DataType.UINT16),
      Map.entry("u4", DataType.UINT32), Map.entry("u8", DataType.UINT64), Map.entry("b1", DataType.BOOL),
      Map.entry("c8", DataType.COMPLEX64), Map.entry("c16", DataType.COMPLEX128));

  /**
   * Parses a dtype string.
   *
   * @throws IllegalArgumentException with a message fit for the user, for dtypes that have no ONNX
   *     counterpart here (objects, strings, records, dates) or a malformed string
   */
  static NpyDescr parse(String descr) {
    if (descr.length() < 2) {
      throw new IllegalArgumentException("dtype '" + descr + "' is not a NumPy dtype string");
    }
    char order = descr.charAt(0);
    String code = descr.substring(1);
    if (order != '<' && order != '>' && order != '|' && order != '=') {
      // NOTE: NumPy always writes an order; a bare code such as 'f4' means native order.
      order = '=';
      code = descr;
    }
    char kind = code.charAt(0);
    if (kind == 'O') {
      throw new IllegalArgumentException("dtype '" + descr + "' is an object array (pickled Python objects), which is not supported");
    }
    if (code.equals("V2") && order != '>') {
      // NOTE: numpy.save writes ml_dtypes' bfloat16 arrays (as JAX, TensorFlow and ONNX tools
      // make them) as 2-byte void, the only 2-byte void in use; Scalpel writes bfloat16 so too.
      return new NpyDescr(DataType.BFLOAT16, 0);
    }
    if (kind == 'U' || kind == 'S' || kind == 'a' || kind == 'V') {
      throw new IllegalArgumentException("dtype '" + descr + "' (strings or raw records) is not supported; "
          + "give numeric or bool arrays (bfloat16 as 2-byte void '<V2'), or string tensors in JSON or .pb");
    }
    if (kind == 'M' || kind == 'm') {
      throw new IllegalArgumentException("dtype '" + descr + "' (dates or time deltas) is not supported");
    }
    DataType type = BY_CODE.get(code);
    if (type == null) {
      throw new IllegalArgumentException("dtype '" + descr + "' is not supported (supported: float16/32/64, "
          + "int8/16/32/64, uint8/16/32/64, bool, complex64/128)");
    }
    int width = type.bitWidth() / 8;
    if (width == 1) {
      return new NpyDescr(type, 0);
    }
    switch (order) {
      case '<':
        return new NpyDescr(type, 0);
      case '>':
        return new NpyDescr(type, type == DataType.COMPLEX64 || type == DataType.COMPLEX128 ? width / 2 : width);
      case '|':
        throw new IllegalArgumentException("dtype '" + descr + "' declares no byte order for a " + width + "-byte type");
      default:
        throw new IllegalArgumentException("dtype '" + descr + "' has native byte order, which is ambiguous in a file; "
            + "write it with an explicit '<' (little-endian) or '>' (big-endian)");
    }
  }

  /**
   * The dtype string NumPy writes for {@code type} (little-endian); bfloat16 as {@code '<V2'},
   * the 2-byte void numpy.save writes for ml_dtypes' bfloat16 ({@code arr.view(ml_dtypes.bfloat16)}
   * restores the type in Python).
   *
   * @throws IllegalArgumentException for ONNX types NumPy has no standard dtype for
   */
  static String of(DataType type) {
    if (type == DataType.BFLOAT16) {
      return "<V2";
    }
    for (Map.Entry<String, DataType> e : BY_CODE.entrySet()) {
      if (e.getValue() == type) {
        return (type.bitWidth() == 8 ? "|" : "<") + e.getKey();
      }
    }
    throw new IllegalArgumentException(type.displayName() + " tensors have no standard NumPy dtype; save them as .pb");
  }
}
