package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.Broadcasting;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Operators that grow or shrink dims by amounts given as arguments: Expand (to a broadcast
 * shape), Tile (by repeat counts; Tile-1 along one axis), Pad (pads an attribute until 11, an
 * input from it, with axes from 18) and CenterCropPad. Expand and Tile of small vectors propagate
 * values. Amounts only known at run time give fresh symbols.
 */
public final class ExpansionRules {
  private ExpansionRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("Expand", 8, ExpansionRules::expand);
    b.add("Tile", 1, ExpansionRules::tileAlongAxis);
    b.add("Tile", 6, ExpansionRules::tile);
    b.add("Pad", 1, ctx -> padFromAttribute(ctx, "paddings"));
    b.add("Pad", 2, ctx -> padFromAttribute(ctx, "pads"));
    b.add("Pad", 11, ExpansionRules::padFromInputs);
    b.add("CenterCropPad", 18, ExpansionRules::centerCropPad);
  }

  static void expand(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> in = ctx.inputShape(0);
    Optional<PartialValue> target = ctx.inputValue(1);
    List<SymExpr> targetDims;
    if (target.isPresent()) {
      targetDims = target.get().elements();
    } else {
      OptionalInt n = ctx.inputVectorLength(1);
      if (n.isEmpty()) {
        ctx.setOutput(0, type.get(), null);
        return;
      }
      targetDims = Collections.nCopies(n.getAsInt(), null);
    }
    if (in.isEmpty()) {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    int rank = Math.max(in.get().rank(), targetDims.size());
    List<SymExpr> dims = new ArrayList<>(rank);
    for (int k = 0; k < rank; k++) {
      int ia = k - (rank - in.get().rank());
      int ta = k - (rank - targetDims.size());
      SymExpr x = ia >= 0 ? in.get().dim(ia) : SymExpr.of(1);
      SymExpr t = ta >= 0 ? targetDims.get(ta) : SymExpr.of(1);
      if (t == null) {
        // NOTE: an unknown target entry is 1 or the input's size, whichever is larger.
        boolean inputDecides = x != null && !(x.isConstant() && x.constantValue() == 1);
        dims.add(inputDecides ? x : ctx.freshSymbol(ctx.node().output(0).name() + "_d" + k));
        continue;
      }
      Optional<SymShape> b = Broadcasting.broadcast(List.of(SymShape.of(x), SymShape.of(t)));
      if (b.isEmpty()) {
        ctx.fail("Expand of dim " + x + " to " + t);
        return;
      }
      dims.add(b.get().dim(0));
    }
    SymShape out = SymShape.of(dims);
    ctx.setOutput(0, type.get(), out);
    ctx.inputValue(0).ifPresent(v -> repeatValue(ctx, v, out, 1));
  }

  /** Tile-1: input, tiles (a scalar count) and axis (a scalar) as inputs. */
  static void tileAlongAxis(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    Optional<SymShape> in = ctx.inputShape(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<long[]> axis = ctx.inputLongs(2);
    if (in.isEmpty() || axis.isEmpty() || axis.get().length != 1) {
      ctx.setOutput(0, type.get(), in.map(s -> SymShape.unknownDims(s.rank())).orElse(null));
      return;
    }
    Optional<Integer> a = TensorAxes.normalize(axis.get()[0], in.get().rank());
    if (a.isEmpty()) {
      ctx.fail("Tile axis " + axis.get()[0] + " out of range for rank " + in.get().rank());
      return;
    }
    SymExpr d = in.get().dim(a.get());
    SymExpr times = repeatCount(ctx, ctx.inputValue(1), 0, a.get());
    ctx.setOutput(0, type.get(), in.get().withDim(a.get(), d == null ? null : d.times(times)));
  }

  /** Tile-6 and later: dim k times repeats[k]. */
  static void tile(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    Optional<SymShape> in = ctx.inputShape(0);
    if (type.isEmpty()) {
      return;
    }
    if (in.isEmpty()) {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    Optional<PartialValue> repeats = ctx.inputValue(1);
    if (repeats.isPresent() && repeats.get().size() != in.get().rank()) {
      ctx.fail("Tile with " + repeats.get().size() + " repeats for rank " + in.get().rank());
      return;
    }
    List<SymExpr> dims = new ArrayList<>();
    for (int k = 0; k < in.get().rank(); k++) {
      SymExpr d = in.get().dim(k);
      SymExpr times = repeatCount(ctx, repeats, k, k);
      dims.add(d == null ? null : d.times(times));
    }
    SymShape out = SymShape.of(dims);
    ctx.setOutput(0, type.get(), out);
    if (repeats.isPresent() && in.get().rank() == 1) {
      SymExpr times = repeats.get().get(0);
      if (times != null && times.isConstant()) {
        ctx.inputValue(0).ifPresent(v -> repeatValue(ctx, v, out, times.constantValue()));
      }
    }
  }

  private static SymExpr repeatCount(InferenceContext ctx, Optional<PartialValue> repeats, int index, int axis) {
    SymExpr times = repeats.isPresent() && index < repeats.get().size() ? repeats.get().get(index) : null;
    return times != null ? times : ctx.freshSymbol(ctx.node().output(0).name() + "_rep" + axis);
  }

  /** The value of a 1-D output that repeats a small vector {@code v} (Expand of [1], Tile). */
  private static void repeatValue(InferenceContext ctx, PartialValue v, SymShape out, long times) {
    if (out.rank() > 1 || (out.rank() == 0 && v.size() == 1)) {
      if (out.rank() == 0) {
        ctx.setOutputValue(0, PartialValue.scalar(v.get(0)));
      }
      return;
    }
    SymExpr n = out.dim(0);
    if (n == null || !n.isConstant() || n.constantValue() > 1024) {
      return;
    }
    if (v.size() != 1 && v.size() * times != n.constantValue()) {
      return;
    }
    List<SymExpr> elements = new ArrayList<>();
    for (int i = 0; i < n.constantValue(); i++) {
      elements.add(v.get(v.size() == 1 ? 0 : i % v.size()));
    }
    ctx.setOutputValue(0, PartialValue.vector(elements));
  }

  static void padFromAttribute(InferenceContext ctx, String attribute) {
    Optional<List<Long>> pads = ctx.intsAttribute(attribute);
    List<SymExpr> values = null;
    if (pads.isPresent()) {
      values = new ArrayList<>();
      for (long p : pads.get()) {
        values.add(SymExpr.of(p));
      }
    }
    pad(ctx, values == null ? Optional.empty() : Optional.of(PartialValue.vector(values)), null);
  }

  static void padFromInputs(InferenceContext ctx) {
    long[] axes = null;
    if (ctx.opsetVersion() >= 18 && ctx.hasInput(3)) {
      Optional<long[]> a = ctx.inputLongs(3);
      if (a.isEmpty()) {
        Optional<SymShape> in = ctx.inputShape(0);
        ctx.inputElementType(0).ifPresent(t -> ctx.setOutput(0, t, in.map(s -> fresh(ctx, s.rank())).orElse(null)));
        return;
      }
      axes = a.get();
    }
    pad(ctx, ctx.inputValue(1), axes);
  }

  /** Dim k grows by pads[k] (its begin) and pads[k + n] (its end), n the number of padded axes. */
  private static void pad(InferenceContext ctx, Optional<PartialValue> pads, long[] axesArg) {
    Optional<DataType> type = ctx.inputElementType(0);
    Optional<SymShape> in = ctx.inputShape(0);
    if (type.isEmpty()) {
      return;
    }
    if (in.isEmpty()) {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    int rank = in.get().rank();
    if (pads.isEmpty()) {
      ctx.setOutput(0, type.get(), fresh(ctx, rank));
      return;
    }
    long[] axesRaw = axesArg != null ? axesArg : TensorAxes.all(rank);
    Optional<List<Integer>> axes = TensorAxes.normalizeAll(axesRaw, rank);
    if (axes.isEmpty() || pads.get().size() != 2 * axes.get().size()) {
      ctx.fail("Pad with " + pads.get().size() + " pads for " + axesRaw.length + " axes of rank " + rank);
      return;
    }
    List<SymExpr> dims = new ArrayList<>(in.get().dims());
    int n = axes.get().size();
    for (int i = 0; i < n; i++) {
      int k = axes.get().get(i);
      SymExpr begin = pads.get().get(i);
      SymExpr end = pads.get().get(i + n);
      SymExpr d = dims.get(k);
      if (begin == null || end == null) {
        dims.set(k, ctx.freshSymbol(ctx.node().output(0).name() + "_d" + k));
      } else {
        dims.set(k, d == null ? null : d.plus(begin).plus(end));
      }
    }
    ctx.setOutput(0, type.get(), SymShape.of(dims));
  }

  /** Dims at {@code axes} (all by default) become the values of the shape input. */
  static void centerCropPad(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    Optional<SymShape> in = ctx.inputShape(0);
    if (type.isEmpty()) {
      return;
    }
    if (in.isEmpty()) {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    int rank = in.get().rank();
    long[] axesRaw = ctx.intsAttribute("axes").map(TensorAxes::toArray).orElseGet(() -> TensorAxes.all(rank));
    Optional<List<Integer>> axes = TensorAxes.normalizeAll(axesRaw, rank);
    if (axes.isEmpty()) {
      ctx.fail("CenterCropPad axes " + Arrays.toString(axesRaw) + " invalid for rank " + rank);
      return;
    }
    Optional<PartialValue> shape = ctx.inputValue(1);
    List<SymExpr> dims = new ArrayList<>(in.get().dims());
    for (int i = 0; i < axes.get().size(); i++) {
      int k = axes.get().get(i);
      SymExpr d = shape.isPresent() && i < shape.get().size() ? shape.get().get(i) : null;
      dims.set(k, d != null ? d : ctx.freshSymbol(ctx.node().output(0).name() + "_d" + k));
    }
    ctx.setOutput(0, type.get(), SymShape.of(dims));
  }

  private static SymShape fresh(InferenceContext ctx, int rank) {
    List<SymExpr> dims = new ArrayList<>(rank);
    for (int k = 0; k < rank; k++) {
      dims.add(ctx.freshSymbol(ctx.node().output(0).name() + "_d" + k));
    }
    return SymShape.of(dims);
  }
}
