package dev.scalpel.opset.eval.kernels;

import dev.scalpel.opset.eval.EvalContext;
import java.util.Arrays;
import java.util.Optional;

/**
 * The sliding windows of a pooling node (AveragePool, MaxPool, LpPool) over the spatial axes of an
 * input {@code (N, C, D1, ..., Dr)}: {@code kernel_shape}, {@code strides}, {@code dilations},
 * {@code pads}, {@code auto_pad} and {@code ceil_mode} read and checked, the output extents computed
 * as the spec's formulas give them, and, per axis and output index, the input positions of the
 * window's taps.
 *
 * <p>Invariants: every extent is positive and every count fits an int; a window starts inside the
 * input or its begin padding (the spec drops a ceil-mode window that would start in the end
 * padding). Attributes that make no windows, or that the spec defines two ways, are refused with
 * {@link EvalContext#fail} before anything is allocated.
 */
final class PoolWindows {
  /** The most taps, over all windows of all planes, one node may read here. */
  static final long MAX_WORK = 1L << 26;

  private final long[] inputExtents;
  private final long[] outputExtents;
  /** Per axis, per output index: the input positions of the taps inside the input, in order. */
  private final int[][][] inside;
  /** Per axis, per output index: how many taps lie in the input or its explicit padding. */
  private final int[][] inPadded;
  private final long taps;

  private PoolWindows(long[] in, long[] out, int[][][] inside, int[][] inPadded, long taps) {
    this.inputExtents = in;
    this.outputExtents = out;
    this.inside = inside;
    this.inPadded = inPadded;
    this.taps = taps;
  }

  /**
   * Reads the window attributes of {@code ctx}'s node for an input of {@code dims}.
   *
   * @param kernel the kernel extents, or empty to read {@code kernel_shape}
   */
  static PoolWindows of(EvalContext ctx, long[] dims, Optional<long[]> kernel) {
    if (dims.length < 3) {
      throw ctx.fail("the input must have rank 3 or more (N, C, spatial...), has rank " + dims.length);
    }
    int r = dims.length - 2;
    long[] k = kernel.orElseGet(() -> ctx.intsAttribute("kernel_shape")
        .orElseThrow(() -> ctx.fail("kernel_shape is required")));
    if (k.length != r) {
      throw ctx.fail("kernel_shape " + Arrays.toString(k) + " does not fit " + r + " spatial axes");
    }
    long[] strides = ints(ctx, "strides", r, 1);
    long[] dilations = ints(ctx, "dilations", r, 1);
    long[] pads = ints(ctx, "pads", 2 * r, 0);
    for (int d = 0; d < r; d++) {
      requireAtLeast(ctx, "kernel_shape", k[d], 1);
      requireAtLeast(ctx, "strides", strides[d], 1);
      requireAtLeast(ctx, "dilations", dilations[d], 1);
      requireAtLeast(ctx, "pads", pads[d], 0);
      requireAtLeast(ctx, "pads", pads[d + r], 0);
    }
    String autoPad = ctx.stringAttribute("auto_pad", "NOTSET");
    if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID") && !autoPad.equals("SAME_UPPER")
        && !autoPad.equals("SAME_LOWER")) {
      throw ctx.fail("auto_pad '" + autoPad + "' is not NOTSET, VALID, SAME_UPPER or SAME_LOWER");
    }
    if (!autoPad.equals("NOTSET") && Arrays.stream(pads).anyMatch(p -> p != 0)) {
      throw ctx.fail("pads " + Arrays.toString(pads) + " cannot be used with auto_pad " + autoPad);
    }
    boolean ceil = ctx.intAttribute("ceil_mode", 0) != 0;
    long[] in = new long[r];
    long[] out = new long[r];
    long[] begin = new long[r];
    long[] end = new long[r];
    long taps = 1;
    long outputs = Math.max(1, dims[0]) * Math.max(1, dims[1]);
    try {
      for (int d = 0; d < r; d++) {
        in[d] = dims[d + 2];
        long extent = Math.addExact(Math.multiplyExact(dilations[d], k[d] - 1), 1);
        taps = Math.multiplyExact(taps, k[d]);
        if (autoPad.startsWith("SAME")) {
          out[d] = ceilDiv(in[d], strides[d]);
          // NOTE: the spec's pad_shape is negative when the dilated kernel is shorter than the
          // stride; pads must be >= 0, and none are needed then, so the total is clamped at 0.
          long total = Math.max(0, Math.addExact(Math.multiplyExact(out[d] - 1, strides[d]), extent) - in[d]);
          begin[d] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
          end[d] = total - begin[d];
        } else {
          begin[d] = autoPad.equals("VALID") ? 0 : pads[d];
          end[d] = autoPad.equals("VALID") ? 0 : pads[d + r];
          long span = Math.subtractExact(Math.addExact(in[d], Math.addExact(begin[d], end[d])), extent);
          if (span < 0) {
            throw ctx.fail("the dilated kernel (" + extent + ") is longer than the padded input ("
                + (span + extent) + ") on spatial axis " + d);
          }
          long floor = span / strides[d] + 1;
          out[d] = ceil ? ceilDiv(span, strides[d]) + 1 : floor;
          if (ceil && autoPad.equals("VALID") && out[d] != floor) {
            // NOTE: with VALID the spec gives ceil((in - extent + 1) / stride), which is the floor
            // count, and also the explicit-padding formula with no pads, which is not.
            throw ctx.fail("auto_pad VALID with ceil_mode is undefined (the spec's two formulas give "
                + floor + " and " + out[d] + " windows on spatial axis " + d + ")");
          }
          if ((out[d] - 1) * strides[d] - begin[d] >= in[d]) {
            if (!ceil) {
              throw ctx.fail("a window starting in the end padding is undefined (the spec's floor formula counts it, "
                  + "its text drops it) on spatial axis " + d);
            }
            out[d]--;
          }
        }
        outputs = Math.multiplyExact(outputs, out[d]);
      }
      ctx.reserve(outputs);
      if (Math.multiplyExact(outputs, taps) > MAX_WORK) {
        throw ctx.unsupported(outputs + " windows of " + taps + " taps are too costly here");
      }
    } catch (ArithmeticException e) {
      throw ctx.fail("window attributes overflow 64 bits for an input of " + Arrays.toString(dims));
    }
    int[][][] inside = new int[r][][];
    int[][] inPadded = new int[r][];
    for (int d = 0; d < r; d++) {
      inside[d] = new int[(int) out[d]][];
      inPadded[d] = new int[(int) out[d]];
      for (int o = 0; o < out[d]; o++) {
        long start = o * strides[d] - begin[d];
        int[] positions = new int[(int) k[d]];
        int n = 0;
        for (int t = 0; t < k[d]; t++) {
          long pos = start + t * dilations[d];
          if (pos >= 0 && pos < in[d]) {
            positions[n++] = (int) pos;
          }
          if (pos >= -begin[d] && pos < in[d] + end[d]) {
            inPadded[d][o]++;
          }
        }
        inside[d][o] = Arrays.copyOf(positions, n);
      }
    }
    return new PoolWindows(in, out, inside, inPadded, taps);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static void requireAtLeast(EvalContext ctx, String name, long value, long min) {
    if (value < min) {
      throw ctx.fail(name + " must be >= " + min + ", has " + value);
    }
  }

  /** An INTS attribute of {@code n} values, or {@code n} copies of the default when absent. */
  private static long[] ints(EvalContext ctx, String name, int n, long defaultValue) {
    Optional<long[]> given = ctx.intsAttribute(name);
    if (given.isEmpty()) {
      long[] out = new long[n];
      Arrays.fill(out, defaultValue);
      return out;
    }
    if (given.get().length != n) {
      throw ctx.fail(name + " " + Arrays.toString(given.get()) + " must have " + n + " values");
    }
    return given.get();
  }

  int spatialRank() {
    return inputExtents.length;
  }

  /** The output dims for an input {@code (N, C, ...)}. */
  long[] outputDims(long batch, long channels) {
    long[] out = new long[outputExtents.length + 2];
    out[0] = batch;
    out[1] = channels;
    System.arraycopy(outputExtents, 0, out, 2, outputExtents.length);
    return out;
  }

  /** The taps of one window (every window has the kernel's count). */
  long taps() {
    return taps;
  }

  long outputPlane() {
    long n = 1;
    for (long e : outputExtents) {
      n *= e;
    }
    return n;
  }

  long inputPlane() {
    long n = 1;
    for (long e : inputExtents) {
      n *= e;
    }
    return n;
  }

  /**
   * The input offsets, within one plane, of the taps of window {@code window} (a row-major index
   * into the output plane) that lie inside the input.
   */
  int[] insideOffsets(long window) {
    int r = inputExtents.length;
    int[][] perAxis = new int[r][];
    long rest = window;
    int count = 1;
    for (int d = r - 1; d >= 0; d--) {
      perAxis[d] = inside[d][(int) (rest % outputExtents[d])];
      rest /= outputExtents[d];
      count *= perAxis[d].length;
    }
    int[] offsets = new int[count];
    if (count == 0) {
      return offsets;
    }
    int[] at = new int[r];
    for (int i = 0; i < count; i++) {
      long offset = 0;
      for (int d = 0; d < r; d++) {
        offset = offset * inputExtents[d] + perAxis[d][at[d]];
      }
      offsets[i] = (int) offset;
      for (int d = r - 1; d >= 0; d--) {
        if (++at[d] < perAxis[d].length) {
          break;
        }
        at[d] = 0;
      }
    }
    return offsets;
  }

  /** How many taps of window {@code window} lie in the input or its explicit (or auto) padding. */
  long paddedCount(long window) {
    long rest = window;
    long count = 1;
    for (int d = inputExtents.length - 1; d >= 0; d--) {
      count *= inPadded[d][(int) (rest % outputExtents[d])];
      rest /= outputExtents[d];
    }
    return count;
  }
}
