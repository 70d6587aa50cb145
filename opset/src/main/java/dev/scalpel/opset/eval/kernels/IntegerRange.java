package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;

/** The smallest and largest value of each integer element type, as {@link NdArray} holds them. */
final class IntegerRange {
  private IntegerRange() {}

  static long min(DataType type) {
    switch (type) {
      case INT8: return Byte.MIN_VALUE;
      case INT16: return Short.MIN_VALUE;
      case INT32: return Integer.MIN_VALUE;
      case INT64: return Long.MIN_VALUE;
      default: return 0;
    }
  }

  /** For UINT64, the bit pattern of 2^64 - 1. */
  static long max(DataType type) {
    switch (type) {
      case BOOL: return 1;
      case INT8: return Byte.MAX_VALUE;
      case UINT8: return 0xff;
      case INT16: return Short.MAX_VALUE;
      case UINT16: return 0xffff;
      case INT32: return Integer.MAX_VALUE;
      case UINT32: return 0xffffffffL;
      case UINT64: return -1L;
      default: return Long.MAX_VALUE;
    }
  }
}
