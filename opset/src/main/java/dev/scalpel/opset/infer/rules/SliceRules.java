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
      SymExpr len = length(in.dim(axis), args.starts()[i], args.ends()[i], step);
      boolean unknownInput = in.dim(axis) == null;
      dims.set(axis, len != null || unknownInput ? len : ctx.freshSymbol(ctx.node().output(0).name() + "_d" + axis));
    }
    return SymShape.of(dims);
  }

  /**
   * The number of elements a slice takes of a dim of size {@code d}, or null when that is not
   * known. Exact for every value of the symbols of {@code d}: positions past a symbolic end clamp
   * to it, so a constant end e over a length n gives {@code min(n, e)}, never e unless n is known
   * to be at least e, and a length that would be negative is 0. Mixed forms (a negative start with
   * a non-negative end, a reversal that does not start at the last element) are not modelled:
   * null, for the caller to name a fresh symbol.
   */
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
    if (step < 0) {
      return reversedLength(d, start, end, -step);
    }
    SymExpr elements = forwardLength(d, start, end);
    return elements == null ? null : elements.ceilDiv(step);
  }

  /** Elements in [start, end) of a symbolic dim d (step 1), or null for an unmodelled form. */
  private static SymExpr forwardLength(SymExpr d, long start, long end) {
    SymExpr zero = SymExpr.of(0);
    if (end <= -TO_END || start >= TO_END) {
      return zero;
    }
    // NOTE: positions clamp into [0, d]; the closed forms below are that clamp case by case.
    SymExpr stop = end >= TO_END ? d : end >= 0 ? d.min(SymExpr.of(end)) : null;
    if (start <= -TO_END) {
      start = 0;
    }
    if (start >= 0 && stop != null) {
      // [a, b): max(0, min(b, d) - a); past d nothing is left.
      return zero.max(stop.minus(start));
    }
    if (start >= 0) {
      // [a, d-b): max(0, d - b - a).
      return zero.max(d.plus(end).minus(start));
    }
    long a = -start;
    if (end >= TO_END) {
      // The last a elements: min(a, d).
      return d.min(SymExpr.of(a));
    }
    if (end < 0) {
      // [d-a, d-b): max(0, min(a, d) - b).
      return zero.max(d.min(SymExpr.of(a)).plus(end));
    }
    return null;
  }

  /**
   * Elements a negative step of size {@code k} takes of a symbolic dim d: only a walk from the
   * last element ({@code start} -1 or beyond the end) down to the first (an end before the start
   * of the dim) is modelled, {@code ceil(d/k)}; null otherwise.
   */
  private static SymExpr reversedLength(SymExpr d, long start, long end, long k) {
    boolean fromLast = start == -1 || start >= TO_END;
    boolean toFirst = end <= -TO_END;
    return fromLast && toFirst ? d.ceilDiv(k) : null;
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
