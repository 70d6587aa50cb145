package dev.scalpel.opset.infer.rules;

import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Slice: starts, ends and axes as attributes at version 1, as inputs (with steps) from 10 on.
 * Negative positions count from the end, out-of-range ones clamp, and ends beyond the 32-bit
 * range mean "to the end". Slicing a known 1-D value (a shape) propagates its elements.
 */
public final class SliceRules {
  private SliceRules() {}

  /** Ends at or beyond this (exporters write INT_MAX or INT64_MAX) run to the end of the dim. */
  private static final long TO_END = Integer.MAX_VALUE;

  public static void register(InferenceRules.Builder b) {
    b.add("Slice", 1, ctx -> slice(ctx, argsFromAttributes(ctx)));
    b.add("Slice", 10, ctx -> slice(ctx, argsFromInputs(ctx)));
  }

  /**
   * What a node slices, position by position. {@code known} is false when starts, ends or steps
   * are runtime values; {@code axes} is null when even the sliced axes are unknown.
   */
  record Args(boolean known, long[] axes, long[] starts, long[] ends, long[] steps) {}

  private static Args argsFromAttributes(InferenceContext ctx) {
    Optional<List<Long>> starts = ctx.intsAttribute("starts");
    Optional<List<Long>> ends = ctx.intsAttribute("ends");
    if (starts.isEmpty() || ends.isEmpty()) {
      return new Args(false, null, null, null, null);
    }
    long[] s = TensorAxes.toArray(starts.get());
    long[] axes = ctx.intsAttribute("axes").map(TensorAxes::toArray).orElseGet(() -> TensorAxes.all(s.length));
    long[] steps = new long[s.length];
    Arrays.fill(steps, 1);
    return new Args(true, axes, s, TensorAxes.toArray(ends.get()), steps);
  }

  private static Args argsFromInputs(InferenceContext ctx) {
    Optional<long[]> starts = ctx.inputLongs(1);
    Optional<long[]> ends = ctx.inputLongs(2);
    Optional<long[]> axes = ctx.hasInput(3) ? ctx.inputLongs(3) : starts.map(s -> TensorAxes.all(s.length));
    Optional<long[]> steps = ctx.hasInput(4) ? ctx.inputLongs(4) : starts.map(s -> ones(s.length));
    if (axes.isEmpty() && ctx.hasInput(3)) {
      // NOTE: unknown axes hide which dims change; the rank still holds.
      return new Args(false, null, null, null, null);
    }
    if (starts.isEmpty() || ends.isEmpty() || steps.isEmpty()) {
      return new Args(false, axes.orElse(null), null, null, null);
    }
    return new Args(true, axes.get(), starts.get(), ends.get(), steps.get());
  }

  static void slice(InferenceContext ctx, Args args) {
    Optional<SymShape> in = ctx.inputShape(0);
    SymShape shape = null;
    if (in.isPresent()) {
      shape = outputShape(ctx, in.get(), args);
      if (shape == null) {
        return;
      }
    }
    SymShape out = shape;
    ctx.inputElementType(0).ifPresent(t -> ctx.setOutput(0, t, out));
    if (args.known()) {
      propagate(ctx, args);
    }
  }

  /** Output dims; a runtime-sliced axis gets a fresh symbol. Null when the arguments contradict. */
  private static SymShape outputShape(InferenceContext ctx, SymShape in, Args args) {
    int rank = in.rank();
    if (args.axes() == null) {
      List<SymExpr> dims = new ArrayList<>();
      for (int k = 0; k < rank; k++) {
        dims.add(ctx.freshSymbol(ctx.node().output(0).name() + "_d" + k));
      }
      return SymShape.of(dims);
    }
    Optional<List<Integer>> axes = TensorAxes.normalizeAll(args.axes(), rank);
    if (axes.isEmpty()) {
      ctx.fail("Slice axes " + Arrays.toString(args.axes()) + " invalid for rank " + rank);
      return null;
    }
    List<SymExpr> dims = new ArrayList<>(in.dims());
    for (int i = 0; i < axes.get().size(); i++) {
      int axis = axes.get().get(i);
      if (!args.known()) {
        dims.set(axis, ctx.freshSymbol(ctx.node().output(0).name() + "_d" + axis));
        continue;
      }
      if (i >= args.starts().length || i >= args.ends().length || i >= args.steps().length) {
        ctx.fail("Slice starts, ends, axes and steps differ in length");
        return null;
      }
      long step = args.steps()[i];
      if (step == 0) {
        ctx.fail("Slice step 0");
        return null;
      }
      dims.set(axis, length(in.dim(axis), args.starts()[i], args.ends()[i], step));
    }
    return SymShape.of(dims);
  }

  /** The number of elements a slice takes of a dim of size {@code d}. */
  static SymExpr length(SymExpr d, long start, long end, long step) {
    if (d == null) {
      return null;
    }
    if (d.isConstant()) {
      long n = d.constantValue();
      long s = clamp(start < 0 ? start + n : start, 0, step > 0 ? n : n - 1);
      long e = clamp(end < 0 ? end + n : end, step > 0 ? 0 : -1, step > 0 ? n : n - 1);
      long len = step > 0 ? ceilDiv(e - s, step) : ceilDiv(s - e, -step);
      return SymExpr.of(Math.max(0, len));
    }
    // NOTE: a symbolic dim is taken to be at least as long as the constant positions into it, the
    // clamps then only matter for the "to the end" sentinels.
    SymExpr s;
    SymExpr e;
    if (step > 0) {
      s = start < 0 ? d.plus(Math.max(start, -TO_END)) : SymExpr.of(start);
      e = end >= TO_END ? d : end < 0 ? d.plus(Math.max(end, -TO_END)) : SymExpr.of(end);
      if (start <= -TO_END) {
        s = SymExpr.of(0);
      }
      if (end <= -TO_END) {
        return SymExpr.of(0);
      }
      return e.minus(s).ceilDiv(step);
    }
    s = start >= TO_END ? d.minus(1) : start < 0 ? d.plus(start) : SymExpr.of(start);
    e = end <= -TO_END ? SymExpr.of(-1) : end < 0 ? d.plus(end) : SymExpr.of(end);
    return s.minus(e).ceilDiv(-step);
  }

  /** Values of a slice of a known 1-D value. */
  private static void propagate(InferenceContext ctx, Args args) {
    Optional<PartialValue> v = ctx.inputValue(0);
    if (v.isEmpty() || v.get().scalar() || args.axes().length != 1) {
      return;
    }
    long axis = args.axes()[0];
    if (axis != 0 && axis != -1) {
      return;
    }
    int n = v.get().size();
    long step = args.steps()[0];
    if (step == 0) {
      return;
    }
    long s = clamp(args.starts()[0] < 0 ? args.starts()[0] + n : args.starts()[0], 0, step > 0 ? n : n - 1);
    long e = clamp(args.ends()[0] < 0 ? args.ends()[0] + n : args.ends()[0], step > 0 ? 0 : -1, step > 0 ? n : n - 1);
    List<SymExpr> out = new ArrayList<>();
    for (long k = s; step > 0 ? k < e : k > e; k += step) {
      out.add(v.get().get((int) k));
    }
    ctx.setOutputValue(0, PartialValue.vector(out));
  }

  private static long clamp(long x, long lo, long hi) {
    return Math.max(lo, Math.min(hi, x));
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static long[] ones(int n) {
    long[] out = new long[n];
    Arrays.fill(out, 1);
    return out;
  }
}
