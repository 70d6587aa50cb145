package dev.scalpel.opset.infer.rules;

import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.SymExpr;
import java.util.ArrayList;
import java.util.List;

/**
 * The spatial geometry of sliding-window operators (Conv and its variants, the pools): strides,
 * dilations, explicit pads and {@code auto_pad} read from a node, and the output extent of each
 * spatial axis computed symbolically.
 *
 * @param kernel kernel extent per spatial axis
 * @param strides stride per spatial axis
 * @param dilations dilation per spatial axis
 * @param pads begin pads followed by end pads
 * @param autoPad NOTSET, SAME_UPPER, SAME_LOWER or VALID
 * @param ceilMode whether partial windows at the end count (pooling's ceil_mode)
 */
record WindowGeometry(long[] kernel, long[] strides, long[] dilations, long[] pads, String autoPad, boolean ceilMode) {

  /** Reads the window attributes of {@code ctx}'s node for a kernel of the given extents. */
  static WindowGeometry of(InferenceContext ctx, long[] kernel) {
    int n = kernel.length;
    long[] strides = ints(ctx, "strides", n, 1);
    long[] dilations = ints(ctx, "dilations", n, 1);
    long[] pads = ints(ctx, "pads", 2 * n, 0);
    String autoPad = ctx.stringAttribute("auto_pad").orElse("NOTSET");
    boolean ceil = ctx.intAttribute("ceil_mode", 0) != 0;
    return new WindowGeometry(kernel, strides, dilations, pads, autoPad, ceil);
  }

  private static long[] ints(InferenceContext ctx, String name, int n, long defaultValue) {
    List<Long> values = ctx.intsAttribute(name).orElse(List.of());
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = values.size() == n ? values.get(i) : defaultValue;
    }
    return out;
  }

  boolean isSame() {
    return autoPad.equals("SAME_UPPER") || autoPad.equals("SAME_LOWER");
  }

  /** The extent of the dilated kernel on spatial axis {@code i}. */
  long effectiveKernel(int i) {
    return dilations[i] * (kernel[i] - 1) + 1;
  }

  /** Output extents of a convolution or pool over inputs of extents {@code in} (null: unknown). */
  List<SymExpr> outputSizes(List<SymExpr> in) {
    List<SymExpr> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      out.add(in.get(i) == null ? null : outputSize(i, in.get(i)));
    }
    return out;
  }

  private SymExpr outputSize(int i, SymExpr in) {
    long stride = strides[i];
    if (isSame()) {
      // NOTE: SAME pads so that every input position starts a window: ceil(in / stride), dilation aside.
      return in.ceilDiv(stride);
    }
    long padTotal = autoPad.equals("VALID") ? 0 : pads[i] + pads[i + kernel.length];
    SymExpr span = in.plus(padTotal - effectiveKernel(i));
    if (!ceilMode) {
      return span.floorDiv(stride).plus(1);
    }
    SymExpr count = span.ceilDiv(stride).plus(1);
    if (span.isConstant()) {
      // NOTE: a last window that would start inside the end padding is dropped (as ONNX and
      // PyTorch do), checkable only when the size is known.
      long c = count.constantValue();
      long beginPad = autoPad.equals("VALID") ? 0 : pads[i];
      if ((c - 1) * stride >= in.constantValue() + beginPad) {
        return SymExpr.of(c - 1);
      }
    }
    return count;
  }

  /** Output extents of a transposed convolution without an explicit output_shape. */
  List<SymExpr> transposedSizes(List<SymExpr> in, long[] outputPadding) {
    List<SymExpr> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      SymExpr d = in.get(i);
      if (d == null) {
        out.add(null);
      } else if (isSame()) {
        out.add(d.times(strides[i]));
      } else {
        long padTotal = autoPad.equals("VALID") ? 0 : pads[i] + pads[i + kernel.length];
        out.add(d.minus(1).times(strides[i]).plus(outputPadding[i] + effectiveKernel(i) - padTotal));
      }
    }
    return out;
  }
}
