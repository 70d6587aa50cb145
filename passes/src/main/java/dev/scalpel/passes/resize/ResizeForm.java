package dev.scalpel.passes.resize;

import dev.scalpel.graph.Node;
import java.util.Set;

/**
 * The signature of an Upsample or Resize node at the model's opset: where its roi, scales and
 * sizes live and which attributes exist. The ONNX versions differ (reference B.1):
 *
 * <ul>
 *   <li>Upsample-7: scales is the {@code scales} attribute; no input carries it.
 *   <li>Upsample-9, Resize-10: {@code (X, scales)}; asymmetric coordinates only.
 *   <li>Resize-11: {@code (X, roi, scales[, sizes])}, roi and scales required (empty when unused).
 *   <li>Resize-13: every input after X optional; exactly one of scales and sizes.
 *   <li>Resize-18: adds the {@code axes}, {@code antialias} and {@code keep_aspect_ratio_policy} attributes.
 *   <li>Resize-19: adds the {@code half_pixel_symmetric} coordinate mode.
 * </ul>
 *
 * @param roiInput index of roi, or -1
 * @param scalesInput index of scales, or -1 when scales is an attribute
 * @param sizesInput index of sizes, or -1
 */
public record ResizeForm(String opType, int version, int roiInput, int scalesInput, int sizesInput) {
  private static final Set<String> COORDINATE_MODES_11 = Set.of("half_pixel", "pytorch_half_pixel",
      "align_corners", "asymmetric", "tf_half_pixel_for_nn", "tf_crop_and_resize");
  private static final Set<String> COORDINATE_MODES_13 = Set.of("half_pixel", "pytorch_half_pixel",
      "align_corners", "asymmetric", "tf_crop_and_resize");

  /** Whether {@code node} is an Upsample or Resize of the default domain. */
  public static boolean isResize(Node node) {
    return node.isDefaultDomain() && (node.opType().equals("Resize") || node.opType().equals("Upsample"));
  }

  /**
   * The form of an {@code opType} ("Resize" or "Upsample") node in a model importing the default
   * domain at {@code opset}.
   *
   * @throws ResizeException when the op does not exist at that opset
   */
  public static ResizeForm of(String opType, long opset) {
    if (opType.equals("Upsample")) {
      if (opset < 7) {
        throw new ResizeException("Upsample before opset 7 is not supported (opset " + opset + ")");
      }
      // NOTE: Upsample-10 is deprecated but keeps Upsample-9's inputs; runtimes that still accept it
      // read (X, scales).
      return opset < 9 ? new ResizeForm(opType, 7, -1, -1, -1) : new ResizeForm(opType, 9, -1, 1, -1);
    }
    if (opset < 10) {
      throw new ResizeException("Resize needs opset 10 or newer; the model imports opset " + opset);
    }
    if (opset < 11) {
      return new ResizeForm(opType, 10, -1, 1, -1);
    }
    int version = opset < 13 ? 11 : opset < 18 ? 13 : opset < 19 ? 18 : 19;
    return new ResizeForm(opType, version, 1, 2, 3);
  }

  /** The op a new node takes at {@code opset}: Resize from opset 10, Upsample before. */
  public static ResizeForm forNewNode(long opset) {
    return of(opset < 10 ? "Upsample" : "Resize", opset);
  }

  /** Whether scales is an attribute (Upsample-7), so it cannot come from a tensor. */
  public boolean scalesIsAttribute() {
    return scalesInput < 0;
  }

  /** Whether roi and scales must be present even when unused (Resize-11/12). */
  public boolean roiAndScalesRequired() {
    return version == 11;
  }

  /** Whether the {@code axes} attribute exists (Resize-18 and later). */
  public boolean hasAxes() {
    return version >= 18;
  }

  /** Whether the coordinate_transformation_mode and nearest_mode attributes exist. */
  public boolean hasCoordinateModes() {
    return version >= 11 && opType.equals("Resize");
  }

  /** The interpolation modes of this version. */
  public Set<String> modes() {
    return version >= 11 && opType.equals("Resize") ? Set.of("nearest", "linear", "cubic") : Set.of("nearest", "linear");
  }

  /** The coordinate transformation modes of this version (empty before Resize-11). */
  public Set<String> coordinateModes() {
    if (!hasCoordinateModes()) {
      return Set.of();
    }
    if (version == 11) {
      return COORDINATE_MODES_11;
    }
    if (version >= 19) {
      java.util.Set<String> s = new java.util.HashSet<>(COORDINATE_MODES_13);
      s.add("half_pixel_symmetric");
      return Set.copyOf(s);
    }
    return COORDINATE_MODES_13;
  }

  /** {@code Resize-13} style, for messages. */
  @Override
  public String toString() {
    return opType + "-" + version;
  }
}
