package dev.scalpel.passes.resize;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.Constants;
import java.util.List;
import java.util.Optional;

/**
 * The scale per axis that an Upsample or Resize node has baked in: its {@code scales} attribute
 * (Upsample-7), its constant {@code scales} input, or its constant {@code sizes} divided by the
 * static input dims. With {@code axes} (Resize-18+), the axes not listed get scale 1, so the
 * result always has one entry per dim of X.
 *
 * @param scales one scale per dim of X
 * @param fromSizes whether the scales were derived from a constant {@code sizes} input
 */
public record BakedScales(float[] scales, boolean fromSizes) {

  /**
   * Reads the baked scales of {@code node}.
   *
   * @throws ResizeException when the node's scale is computed at run time, or cannot be read
   */
  public static BakedScales of(Node node, ResizeForm form) {
    if (form.scalesIsAttribute()) {
      List<Float> attr = node.attribute("scales").map(a -> a.asFloats())
          .orElseThrow(() -> new ResizeException(node.describe() + " has no scales attribute"));
      return new BakedScales(toArray(attr), false);
    }
    int rank = rankOf(node.input(0));
    List<Long> axes = form.hasAxes() ? node.attribute("axes").map(a -> a.asLongs()).orElse(null) : null;
    Optional<Tensor> sizes = form.sizesInput() >= 0 ? nonEmpty(input(node, form.sizesInput())) : Optional.empty();
    if (sizes.isPresent()) {
      String policy = node.attribute("keep_aspect_ratio_policy").map(a -> a.asString()).orElse("stretch");
      if (!policy.equals("stretch")) {
        throw new ResizeException(node.describe() + " uses keep_aspect_ratio_policy=" + policy
            + ", which has no equivalent with scales");
      }
      float[] fromSizes = fromSizes(node, input(node, form.sizesInput()), sizes.get(), rank, axes);
      return new BakedScales(expand(fromSizes, rank, axes), true);
    }
    Value scalesValue = input(node, form.scalesInput());
    Optional<Tensor> scales = nonEmpty(scalesValue);
    if (scales.isEmpty()) {
      throw new ResizeException(node.describe() + " has no baked-in scales: "
          + (scalesValue == null ? "scales is not given" : "scales '" + scalesValue.name() + "' is computed at run time"));
    }
    if (scales.get().dataType() != DataType.FLOAT) {
      throw new ResizeException(node.describe() + ": scales must be FLOAT, not " + scales.get().dataType());
    }
    return new BakedScales(expand(scales.get().toFloatArray(), rank, axes), false);
  }

  private static Value input(Node node, int index) {
    return index < node.inputs().size() ? node.input(index) : null;
  }

  private static Optional<Tensor> nonEmpty(Value v) {
    return Constants.of(v).filter(t -> t.elementCount() > 0);
  }

  private static int rankOf(Value x) {
    Optional<Shape> s = x.shape();
    if (s.isEmpty() || s.get() == null) {
      throw new ResizeException("the rank of '" + x.name() + "' is unknown; run infer-shapes first");
    }
    return s.get().rank();
  }

  /**
   * The scales that {@code sizes} implies over the static dims of X.
   *
   * @throws InvalidModelException when {@code sizes} breaks Resize's schema: not int64, or not one
   *     element per axis (per dim of X, or per entry of {@code axes})
   */
  private static float[] fromSizes(Node node, Value sizesValue, Tensor sizes, int rank, List<Long> axes) {
    // NOTE: a hostile model may give float sizes (the schema says int64) or too many of them; both
    // are refused here, naming the node, before they are indexed.
    long[] wanted = sizes.longsIfInteger().orElseThrow(() -> new InvalidModelException(node.describe()
        + ": its sizes input '" + sizesValue.name() + "' is " + sizes.dataType().displayName()
        + "; Resize takes int64 sizes"));
    int expected = axes == null ? rank : axes.size();
    if (wanted.length != expected) {
      throw new InvalidModelException(node.describe() + ": its sizes input '" + sizesValue.name() + "' has "
          + wanted.length + " elements for " + expected + (axes == null ? " dims of X" : " axes"));
    }
    Shape in = node.input(0).shape().orElseThrow();
    float[] out = new float[wanted.length];
    for (int i = 0; i < wanted.length; i++) {
      int axis = axes == null ? i : (int) Math.floorMod(axes.get(i), rank);
      Dim d = in.dim(axis);
      if (!(d instanceof Dim.Static s) || s.value() <= 0) {
        throw new ResizeException(node.describe() + " resizes to constant sizes, but dim " + axis + " of '"
            + node.input(0).name() + "' is not static, so the scale is not fixed");
      }
      out[i] = (float) ((double) wanted[i] / s.value());
    }
    return out;
  }

  /** Scales over {@code axes} made full rank, 1 on the axes not listed. */
  private static float[] expand(float[] scales, int rank, List<Long> axes) {
    int expected = axes == null ? rank : axes.size();
    if (scales.length != expected) {
      throw new ResizeException("scales has " + scales.length + " entries for " + expected + " axes");
    }
    if (axes == null) {
      return scales;
    }
    float[] out = new float[rank];
    java.util.Arrays.fill(out, 1f);
    for (int i = 0; i < axes.size(); i++) {
      out[(int) Math.floorMod(axes.get(i), rank)] = scales[i];
    }
    return out;
  }

  private static float[] toArray(List<Float> list) {
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  /** The axes whose scale is not 1. */
  public int[] resizedAxes() {
    return java.util.stream.IntStream.range(0, scales.length).filter(i -> scales[i] != 1f).toArray();
  }
}
