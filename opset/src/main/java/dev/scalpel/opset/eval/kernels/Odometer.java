package dev.scalpel.opset.eval.kernels;

/**
 * Walks the coordinates of a box in row-major order and yields, for each, a source offset {@code
 * base + sum(coord[i] * stride[i])}: the index map of strided views (transposes, slices, splits).
 */
final class Odometer {
  private Odometer() {}

  static int[] offsets(long[] dims, long[] strides, long base) {
    int rank = dims.length;
    int n = (int) Strides.count(dims);
    int[] out = new int[n];
    long[] coord = new long[rank];
    long src = base;
    for (int k = 0; k < n; k++) {
      out[k] = (int) src;
      for (int a = rank - 1; a >= 0; a--) {
        coord[a]++;
        src += strides[a];
        if (coord[a] < dims[a]) {
          break;
        }
        src -= strides[a] * coord[a];
        coord[a] = 0;
      }
    }
    return out;
  }
}
