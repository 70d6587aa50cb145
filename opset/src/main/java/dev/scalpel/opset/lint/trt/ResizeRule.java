package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.Constants;
import java.util.List;
import java.util.Optional;

/**
 * What the parser accepts of Resize (reference A.6): no {@code tf_crop_and_resize} or
 * {@code half_pixel_symmetric} coordinates, no {@code antialias}, only the {@code stretch} aspect
 * policy; with constant scales, linear resizing only on the innermost 3 dims and cubic only on the
 * innermost 2; with run-time scales, {@code axes} absent or all axes in order.
 */
final class ResizeRule implements TrtRule {
  /** Scales of more entries than this are not read (no tensor has that many dims). */
  private static final long MAX_SCALES = 1024;

  @Override
  public String id() {
    return "trt-resize";
  }

  @Override
  public String description() {
    return "Resize modes, attributes and resized axes the parser accepts";
  }

  @Override
  public void check(Model model, TrtVersion version, List<Finding> out) {
    long opset = NodeInputs.opset(model);
    for (Node node : model.graph().allNodes()) {
      if (!NodeInputs.is(node, "Resize")) {
        continue;
      }
      String coordinates = node.attribute("coordinate_transformation_mode").map(a -> a.asString()).orElse("half_pixel");
      if (coordinates.equals("tf_crop_and_resize") || coordinates.equals("half_pixel_symmetric")) {
        add(out, node, "coordinate_transformation_mode " + coordinates + " is unsupported",
            coordinates.equals("tf_crop_and_resize") ? "use half_pixel when the roi is the whole [0,1] range, or Slice then Resize"
                : "use half_pixel (equal when in*scale is an integer)");
      }
      if (node.intAttribute("antialias", 0) != 0) {
        add(out, node, "antialias=1 is unsupported", "resize without antialias (blur first if needed)");
      }
      String policy = node.attribute("keep_aspect_ratio_policy").map(a -> a.asString()).orElse("stretch");
      if (!policy.equals("stretch")) {
        add(out, node, "keep_aspect_ratio_policy " + policy + " is unsupported; only stretch", "compute sizes explicitly");
      }
      int scalesAt = opset < 11 ? 1 : 2;
      Value scales = NodeInputs.at(node, scalesAt);
      // NOTE: scales hold one entry per dim; a constant of 2^31 entries (external data) made
      // toFloatArray overflow, an internal error (issue 13). One that long is not read.
      Optional<Tensor> constant = Constants.stored(scales)
          .filter(t -> t.elementCount() > 0 && t.elementCount() <= MAX_SCALES);
      boolean axesGiven = node.attribute("axes").isPresent();
      if (scales != null && constant.isEmpty() && axesGiven && !iota(node)) {
        add(out, node, "run-time scales '" + scales.name() + "' with axes " + node.attribute("axes").get().asLongs()
            + "; with tensor scales the parser needs axes absent or all axes in order",
            "drop axes and give one scale per dim (scalpel parameterize-resize does)");
      }
      if (constant.isPresent() && !axesGiven) {
        checkResizedAxes(node, constant.get().toFloatArray(), out);
      }
    }
  }

  private void checkResizedAxes(Node node, float[] scales, List<Finding> out) {
    String mode = node.attribute("mode").map(a -> a.asString()).orElse("nearest");
    int inner = mode.equals("linear") ? 3 : mode.equals("cubic") ? 2 : scales.length;
    for (int i = 0; i < scales.length - inner; i++) {
      if (scales[i] != 1f) {
        add(out, node, mode + " resize with scale " + scales[i] + " on dim " + i + "; the parser resizes " + mode
            + " only on the innermost " + inner + " dims", "transpose or reshape so that only the innermost dims change");
        return;
      }
    }
  }

  private static boolean iota(Node node) {
    List<Long> axes = node.attribute("axes").get().asLongs();
    int rank = node.input(0).shape().map(s -> s.rank()).orElse(-1);
    if (rank != axes.size()) {
      return false;
    }
    for (int i = 0; i < axes.size(); i++) {
      if (Math.floorMod(axes.get(i), rank) != i) {
        return false;
      }
    }
    return true;
  }

  private void add(List<Finding> out, Node node, String message, String hint) {
    out.add(Finding.of(id(), Finding.Severity.ERROR, node.describe(), "", "Resize " + message, hint));
  }
}
