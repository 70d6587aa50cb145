package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
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
 * Operators that rearrange dims without moving data between them: Squeeze and Unsqueeze (axes an
 * attribute before opset 13, an input from it), Flatten, Concat and Split (split an input from 13,
 * num_outputs from 18). Squeeze, Unsqueeze and Concat of shape vectors also propagate values.
 */
public final class ShapeManipulationRules {
  private ShapeManipulationRules() {}

  private static final IntArguments.Migrated SQUEEZE_AXES = new IntArguments.Migrated("axes", 1, 13);
  private static final IntArguments.Migrated SPLIT_SIZES = new IntArguments.Migrated("split", 1, 13);

  public static void register(InferenceRules.Builder b) {
    b.add("Squeeze", 1, ShapeManipulationRules::squeeze);
    b.add("Unsqueeze", 1, ShapeManipulationRules::unsqueeze);
    b.add("Flatten", 1, ShapeManipulationRules::flatten);
    b.add("Concat", 1, ShapeManipulationRules::concat);
    b.add("Split", 1, ShapeManipulationRules::split);
  }

  static void squeeze(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    Optional<SymShape> in = ctx.inputShape(0);
    if (type.isEmpty()) {
      return;
    }
    SymShape out = null;
    if (in.isPresent()) {
      out = squeezed(ctx, in.get());
      if (out == null && SQUEEZE_AXES.present(ctx) && SQUEEZE_AXES.values(ctx).isPresent()) {
        return;
      }
    }
    ctx.setOutput(0, type.get(), out);
    Optional<PartialValue> v = ctx.inputValue(0);
    if (v.isPresent() && out != null && out.rank() == 0 && v.get().size() == 1) {
      ctx.setOutputValue(0, PartialValue.scalar(v.get().get(0)));
    }
  }

  /** The squeezed shape; null when it cannot be told (or the axes are invalid, reported). */
  private static SymShape squeezed(InferenceContext ctx, SymShape in) {
    List<SymExpr> dims = new ArrayList<>();
    if (!SQUEEZE_AXES.present(ctx)) {
      for (SymExpr d : in.dims()) {
        if (d == null || !d.isConstant()) {
          // NOTE: a symbolic dim might be 1 at run time, so the rank is not known.
          return null;
        }
        if (d.constantValue() != 1) {
          dims.add(d);
        }
      }
      return SymShape.of(dims);
    }
    Optional<long[]> axes = SQUEEZE_AXES.values(ctx);
    if (axes.isEmpty()) {
      return null;
    }
    Optional<List<Integer>> normalized = TensorAxes.normalizeAll(axes.get(), in.rank());
    if (normalized.isEmpty()) {
      ctx.fail("Squeeze axes " + Arrays.toString(axes.get()) + " invalid for rank " + in.rank());
      return null;
    }
    for (int k = 0; k < in.rank(); k++) {
      SymExpr d = in.dim(k);
      if (!normalized.get().contains(k)) {
        dims.add(d);
      } else if (d != null && d.isConstant() && d.constantValue() != 1) {
        ctx.fail("Squeeze of axis " + k + " of size " + d);
        return null;
      }
    }
    return SymShape.of(dims);
  }

  static void unsqueeze(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    Optional<SymShape> in = ctx.inputShape(0);
    Optional<long[]> axes = SQUEEZE_AXES.values(ctx);
    if (type.isEmpty()) {
      return;
    }
    if (in.isEmpty() || axes.isEmpty()) {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    int rank = in.get().rank() + axes.get().length;
    Optional<List<Integer>> normalized = TensorAxes.normalizeAll(axes.get(), rank);
    if (normalized.isEmpty()) {
      ctx.fail("Unsqueeze axes " + Arrays.toString(axes.get()) + " invalid for output rank " + rank);
      return;
    }
    List<SymExpr> dims = new ArrayList<>(rank);
    int next = 0;
    for (int k = 0; k < rank; k++) {
      dims.add(normalized.get().contains(k) ? SymExpr.of(1) : in.get().dim(next++));
    }
    ctx.setOutput(0, type.get(), SymShape.of(dims));
    Optional<PartialValue> v = ctx.inputValue(0);
    if (v.isPresent() && rank == 1) {
      ctx.setOutputValue(0, PartialValue.vector(v.get().elements()));
    }
  }

  /** [product of dims before axis, product of dims from axis on]. */
  static void flatten(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    Optional<SymShape> in = ctx.inputShape(0);
    if (type.isEmpty()) {
      return;
    }
    if (in.isEmpty()) {
      ctx.setOutput(0, type.get(), SymShape.unknownDims(2));
      return;
    }
    int rank = in.get().rank();
    long axis = ctx.intAttribute("axis", 1);
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a > rank) {
      ctx.fail("Flatten axis " + axis + " out of range for rank " + rank);
      return;
    }
    SymShape outer = SymShape.of(in.get().dims().subList(0, (int) a));
    SymShape inner = SymShape.of(in.get().dims().subList((int) a, rank));
    ctx.setOutput(0, type.get(), SymShape.of(outer.elementCount(), inner.elementCount()));
  }

  static void concat(InferenceContext ctx) {
    Optional<DataType> type = Optional.empty();
    List<SymShape> shapes = new ArrayList<>();
    boolean allShapes = true;
    for (int i = 0; i < ctx.inputCount(); i++) {
      if (type.isEmpty()) {
        type = ctx.inputElementType(i);
      }
      Optional<SymShape> s = ctx.inputShape(i);
      if (s.isPresent()) {
        shapes.add(s.get());
      } else {
        allShapes = false;
      }
    }
    if (type.isEmpty()) {
      return;
    }
    if (shapes.isEmpty()) {
      ctx.setOutput(0, type.get(), null);
      return;
    }
    int rank = shapes.get(0).rank();
    long axisAttr = ctx.intAttribute("axis", 1);
    Optional<Integer> axis = TensorAxes.normalize(axisAttr, rank);
    if (axis.isEmpty()) {
      ctx.fail("Concat axis " + axisAttr + " out of range for rank " + rank);
      return;
    }
    List<SymExpr> dims = new ArrayList<>(shapes.get(0).dims());
    // NOTE: summed once at the end; adding one by one would copy the growing sum for each input.
    List<SymExpr> addends = new ArrayList<>(shapes.size());
    for (SymShape s : shapes) {
      if (s.rank() != rank) {
        ctx.fail("Concat of inputs of ranks " + rank + " and " + s.rank());
        return;
      }
      for (int k = 0; k < rank; k++) {
        if (k == axis.get()) {
          addends.add(s.dim(k));
        } else if (dims.get(k) == null || (!dims.get(k).isConstant() && s.dim(k) != null && s.dim(k).isConstant())) {
          // NOTE: the inputs must agree off the axis, so the most specific of them holds for all.
          dims.set(k, s.dim(k));
        } else if (s.dim(k) != null && s.dim(k).isConstant() && dims.get(k).isConstant()
            && !s.dim(k).equals(dims.get(k))) {
          ctx.fail("Concat inputs differ in dim " + k + ": " + dims.get(k) + " and " + s.dim(k));
          return;
        }
      }
    }
    for (int k = 0; k < rank; k++) {
      if (k != axis.get()) {
        List<SymExpr> offAxis = new ArrayList<>();
        for (SymShape s : shapes) {
          offAxis.add(s.dim(k));
        }
        ctx.requireEqual(offAxis);
      }
    }
    dims.set(axis.get(), allShapes && !addends.contains(null) ? SymExpr.sum(addends) : null);
    ctx.setOutput(0, type.get(), SymShape.of(dims));
    if (rank == 1 && allShapes) {
      propagateConcat(ctx);
    }
  }

  /**
   * Values of a Concat of 1-D tensors: elements of inputs without known values stay unknown.
   * Floating tensors too (the scales of a Resize, Concat([1, 1], [2, 2]), whose tracked elements are
   * exact whole numbers); their value stays floating.
   */
  private static void propagateConcat(InferenceContext ctx) {
    List<SymExpr> out = new ArrayList<>();
    boolean anyKnown = false;
    boolean floating = ctx.inputElementType(0).map(DataType::isFloatingPoint).orElse(false);
    for (int i = 0; i < ctx.inputCount(); i++) {
      Optional<PartialValue> v = ctx.inputNumericValue(i).filter(x -> x.floating() == floating);
      if (v.isPresent()) {
        out.addAll(v.get().elements());
        anyKnown = true;
        continue;
      }
      SymExpr n = ctx.inputShape(i).get().dim(0);
      if (n == null || !n.isConstant() || n.constantValue() > 1024) {
        return;
      }
      for (long k = 0; k < n.constantValue(); k++) {
        out.add(null);
      }
    }
    if (anyKnown) {
      ctx.setOutputValue(0, new PartialValue(out, false, floating));
    }
  }

  static void split(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    Optional<SymShape> in = ctx.inputShape(0);
    if (type.isEmpty()) {
      return;
    }
    int outputs = ctx.outputCount();
    if (in.isEmpty()) {
      for (int i = 0; i < outputs; i++) {
        ctx.setOutput(i, type.get(), null);
      }
      return;
    }
    int rank = in.get().rank();
    long axisAttr = ctx.intAttribute("axis", 0);
    Optional<Integer> axis = TensorAxes.normalize(axisAttr, rank);
    if (axis.isEmpty()) {
      ctx.fail("Split axis " + axisAttr + " out of range for rank " + rank);
      return;
    }
    List<SymExpr> sizes = chunkSizes(ctx, in.get().dim(axis.get()), outputs);
    if (sizes == null) {
      return;
    }
    for (int i = 0; i < outputs; i++) {
      ctx.setOutput(i, type.get(), in.get().withDim(axis.get(), sizes.get(i)));
    }
  }

  /** The size of each output along the split axis; null after reporting a contradiction. */
  private static List<SymExpr> chunkSizes(InferenceContext ctx, SymExpr dim, int outputs) {
    List<SymExpr> sizes = new ArrayList<>(outputs);
    // NOTE: Split-1 takes split as an optional second input or an attribute.
    boolean splitGiven = SPLIT_SIZES.present(ctx) || (ctx.opsetVersion() < 2 && ctx.hasInput(1));
    if (splitGiven) {
      Optional<long[]> split = SPLIT_SIZES.values(ctx)
          .or(() -> ctx.opsetVersion() < 2 ? ctx.inputLongs(1) : Optional.empty());
      if (split.isEmpty()) {
        for (int i = 0; i < outputs; i++) {
          sizes.add(ctx.freshSymbol(ctx.node().output(i).name() + "_len"));
        }
        return sizes;
      }
      if (split.get().length != outputs) {
        ctx.fail("Split into " + outputs + " outputs with " + split.get().length + " sizes");
        return null;
      }
      long total = 0;
      for (long s : split.get()) {
        sizes.add(SymExpr.of(s));
        total += s;
      }
      if (dim != null && dim.isConstant() && dim.constantValue() != total) {
        ctx.fail("Split sizes add up to " + total + ", not the dim " + dim);
        return null;
      }
      return sizes;
    }
    if (dim == null) {
      for (int i = 0; i < outputs; i++) {
        sizes.add(null);
      }
      return sizes;
    }
    if (ctx.opsetVersion() >= 18 && ctx.intAttribute("num_outputs").isPresent()) {
      // NOTE: chunks of ceil(dim / n); the last one takes what is left and may be smaller.
      SymExpr chunk = dim.ceilDiv(outputs);
      for (int i = 0; i < outputs - 1; i++) {
        sizes.add(chunk);
      }
      sizes.add(dim.minus(chunk.times(outputs - 1)));
      return sizes;
    }
    SymExpr even = dim.divideExactly(SymExpr.of(outputs)).orElseGet(() -> dim.floorDiv(outputs));
    for (int i = 0; i < outputs; i++) {
      sizes.add(even);
    }
    return sizes;
  }
}
