package dev.scalpel.opset.eval.kernels;

import dev.scalpel.opset.eval.EvalContext;

/**
 * Axis arguments of the kernels: negative axes count from the end; each must name a dim of the
 * rank, else the evaluation fails.
 */
final class AxisArguments {
  private AxisArguments() {}

  /** {@code axis} in {@code [-rank, rank)} as an index in {@code [0, rank)}. */
  static int normalize(EvalContext ctx, long axis, int rank) {
    if (axis < -rank || axis >= rank) {
      throw ctx.fail("axis " + axis + " is out of range for rank " + rank);
    }
    return (int) (axis < 0 ? axis + rank : axis);
  }

  /** Each axis normalised; repeats are an error. */
  static int[] normalizeAll(EvalContext ctx, long[] axes, int rank) {
    int[] out = new int[axes.length];
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < axes.length; i++) {
      out[i] = normalize(ctx, axes[i], rank);
      if (seen[out[i]]) {
        throw ctx.fail("axis " + axes[i] + " is repeated");
      }
      seen[out[i]] = true;
    }
    return out;
  }
}
