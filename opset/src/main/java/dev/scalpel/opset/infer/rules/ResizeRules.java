package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
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
 * Upsample and Resize: each output dim is {@code floor(dim * scale)} or a given size. Upsample-7
 * takes scales as an attribute, Upsample-9 and Resize-10 as input 1; Resize-11 adds roi (input 1,
 * scales moving to 2) and sizes (input 3), Resize-13 makes them all optional, Resize-18 adds
 * {@code axes} and {@code keep_aspect_ratio_policy}. Sizes computed from Shape stay symbolic.
 */
public final class ResizeRules {
  private ResizeRules() {}

  /** Where a version keeps its arguments; negative where it has none. */
  private record Inputs(int roi, int scales, int sizes) {}

  public static void register(InferenceRules.Builder b) {
    b.add("Upsample", 7, ctx -> resize(ctx, new Inputs(-1, -1, -1)));
    b.add("Upsample", 9, ctx -> resize(ctx, new Inputs(-1, 1, -1)));
    b.add("Resize", 10, ctx -> resize(ctx, new Inputs(-1, 1, -1)));
    b.add("Resize", 11, ctx -> resize(ctx, new Inputs(1, 2, 3)));
  }

  static void resize(InferenceContext ctx, Inputs inputs) {
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
    long[] axesRaw = ctx.opsetVersion() >= 18
        ? ctx.intsAttribute("axes").map(TensorAxes::toArray).orElse(null) : null;
    Optional<List<Integer>> axes = TensorAxes.normalizeAll(axesRaw != null ? axesRaw : TensorAxes.all(rank), rank);
    if (axes.isEmpty()) {
      ctx.fail("Resize axes " + Arrays.toString(axesRaw) + " invalid for rank " + rank);
      return;
    }
    List<SymExpr> resized;
    if (givenNonEmpty(ctx, inputs.sizes())) {
      resized = fromSizes(ctx, in.get(), axes.get());
    } else if (inputs.scales() < 0 || givenNonEmpty(ctx, inputs.scales())) {
      resized = fromScales(ctx, in.get(), axes.get(), inputs);
    } else {
      ctx.fail("Resize without scales or sizes");
      return;
    }
    if (resized == null) {
      return;
    }
    List<SymExpr> dims = new ArrayList<>(in.get().dims());
    for (int i = 0; i < axes.get().size(); i++) {
      dims.set(axes.get().get(i), resized.get(i));
    }
    ctx.setOutput(0, type.get(), SymShape.of(dims));
  }

  /** Whether input {@code i} is given and not an empty tensor (which means "not given"). */
  private static boolean givenNonEmpty(InferenceContext ctx, int i) {
    if (i < 0 || !ctx.hasInput(i)) {
      return false;
    }
    Optional<SymShape> s = ctx.inputShape(i);
    SymExpr n = s.isPresent() && s.get().rank() == 1 ? s.get().dim(0) : null;
    return n == null || !n.isConstant() || n.constantValue() > 0;
  }

  private static List<SymExpr> fromSizes(InferenceContext ctx, SymShape in, List<Integer> axes) {
    Optional<PartialValue> sizes = ctx.inputValue(3);
    if (sizes.isPresent() && sizes.get().size() != axes.size()) {
      ctx.fail("Resize with " + sizes.get().size() + " sizes for " + axes.size() + " axes");
      return null;
    }
    String policy = ctx.opsetVersion() >= 18 ? ctx.stringAttribute("keep_aspect_ratio_policy").orElse("stretch") : "stretch";
    List<SymExpr> out = new ArrayList<>(axes.size());
    if (!policy.equals("stretch")) {
      Optional<long[]> known = ctx.inputLongs(3);
      double scale = policy.equals("not_larger") ? Double.MAX_VALUE : 0;
      boolean allStatic = known.isPresent();
      for (int i = 0; i < axes.size() && allStatic; i++) {
        SymExpr d = in.dim(axes.get(i));
        allStatic = d != null && d.isConstant() && d.constantValue() > 0;
        if (allStatic) {
          double s = (double) known.get()[i] / d.constantValue();
          scale = policy.equals("not_larger") ? Math.min(scale, s) : Math.max(scale, s);
        }
      }
      for (int i = 0; i < axes.size(); i++) {
        int axis = axes.get(i);
        out.add(allStatic
            ? SymExpr.of((long) Math.floor(scale * in.dim(axis).constantValue() + 0.5))
            : fresh(ctx, axis));
      }
      return out;
    }
    for (int i = 0; i < axes.size(); i++) {
      SymExpr s = sizes.isPresent() ? sizes.get().get(i) : null;
      out.add(s != null ? s : fresh(ctx, axes.get(i)));
    }
    return out;
  }

  private static List<SymExpr> fromScales(InferenceContext ctx, SymShape in, List<Integer> axes, Inputs inputs) {
    float[] scales = null;
    if (inputs.scales() < 0) {
      Optional<List<Float>> attr = ctx.attribute("scales").map(a -> a.asFloats());
      if (attr.isPresent()) {
        scales = new float[attr.get().size()];
        for (int i = 0; i < scales.length; i++) {
          scales[i] = attr.get().get(i);
        }
      }
    } else {
      scales = ctx.inputConstant(inputs.scales()).flatMap(ResizeRules::floats)
          .or(() -> wholeValues(ctx, inputs.scales())).orElse(null);
    }
    List<SymExpr> out = new ArrayList<>(axes.size());
    if (scales == null) {
      for (int axis : axes) {
        out.add(fresh(ctx, axis));
      }
      return out;
    }
    if (scales.length != axes.size()) {
      ctx.fail("Resize with " + scales.length + " scales for " + axes.size() + " axes");
      return null;
    }
    float[] roi = cropRoi(ctx, inputs, axes.size());
    for (int i = 0; i < axes.size(); i++) {
      SymExpr d = in.dim(axes.get(i));
      float extent = roi == null ? 1f : roi[i + axes.size()] - roi[i];
      out.add(scaled(ctx, d, scales[i], extent, axes.get(i)));
    }
    return out;
  }

  /** The roi of a tf_crop_and_resize, which scales the output too; null otherwise. */
  private static float[] cropRoi(InferenceContext ctx, Inputs inputs, int n) {
    if (inputs.roi() < 0 || !ctx.stringAttribute("coordinate_transformation_mode").orElse("").equals("tf_crop_and_resize")) {
      return null;
    }
    float[] roi = ctx.inputConstant(inputs.roi()).flatMap(ResizeRules::floats).orElse(null);
    return roi != null && roi.length == 2 * n ? roi : null;
  }

  /** floor(d * extent * scale), computed in float as runtimes do; exact in symbols for p/q scales. */
  private static SymExpr scaled(InferenceContext ctx, SymExpr d, float scale, float extent, int axis) {
    if (d == null) {
      return null;
    }
    if (d.isConstant()) {
      float size = (float) Math.floor((float) d.constantValue() * extent * scale);
      // NOTE: a cast to long saturates: a size of 2^63 or more (or NaN) would become a wrong dim.
      return size >= 0 && size < 0x1p63f ? SymExpr.of((long) size) : null;
    }
    if (extent == 1f) {
      // NOTE: a scale that is a small fraction p/q gives floor(d*p/q) exactly.
      for (int q = 1; q <= 16; q++) {
        long p = Math.round((double) scale * q);
        if (p > 0 && (float) ((double) p / q) == scale) {
          return d.times(p).floorDiv(q);
        }
      }
    }
    return fresh(ctx, axis);
  }

  /**
   * Scales computed from constants (PyTorch exports Concat(Constant [1, 1], Constant [2, 2])), when
   * inference tracked every element as a whole number (tracked floating values are exact).
   */
  private static Optional<float[]> wholeValues(InferenceContext ctx, int input) {
    Optional<dev.scalpel.opset.infer.PartialValue> v = ctx.inputNumericValue(input);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    float[] out = new float[v.get().size()];
    for (int i = 0; i < out.length; i++) {
      SymExpr e = v.get().get(i);
      if (e == null || !e.isConstant()) {
        return Optional.empty();
      }
      out[i] = e.constantValue();
    }
    return Optional.of(out);
  }

  private static Optional<float[]> floats(Tensor t) {
    return TensorNumbers.of(t).map(d -> {
      float[] out = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        out[i] = (float) d[i];
      }
      return out;
    });
  }

  private static SymExpr fresh(InferenceContext ctx, int axis) {
    return ctx.freshSymbol(ctx.node().output(0).name() + "_d" + axis);
  }
}
