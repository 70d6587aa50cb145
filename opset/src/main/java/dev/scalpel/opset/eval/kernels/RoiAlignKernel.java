package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.List;

/**
 * RoiAlign (opset 10, 16; mode avg): each RoI {@code [x1, y1, x2, y2]}, scaled by
 * {@code spatial_scale} and shifted by -0.5 under {@code half_pixel} (opset 16's default; opset 10
 * has no shift), is cut into {@code output_height x output_width} bins; each bin averages a
 * {@code sampling_ratio x sampling_ratio} grid of samples (with 0, {@code ceil(roi extent / bins)}
 * per axis) taken at the centres of equal sub-bins, each sample a bilinear interpolation of X.
 *
 * <p>NOTE: the spec names the Mask R-CNN paper and leaves the image border to its reference
 * implementation (Detectron), whose rule every implementation shares: a sample more than one pixel
 * outside the map ({@code y < -1}, {@code y > H}) is 0; otherwise a coordinate below 0 reads as 0
 * and one at or past the last row or column reads that row or column.
 *
 * <p>Invariant: every output element is summed in double and rounded once to X's type. Refused as
 * undefined: mode max (the spec's text pools interpolated samples; ONNX's reference implementation
 * and tests, and ONNX Runtime, pool the four weighted corners of each sample; onnx/onnx#4764 is
 * open), an RoI of negative extent, an {@code output_half_pixel} RoI under one pixel (Detectron
 * stretched those to one pixel, the spec says nothing), and a bin with no samples. Refused as
 * unsupported: more than {@link #MAX_WORK} interpolations.
 */
public final class RoiAlignKernel {
  /** The most bilinear interpolations one node may cost here. */
  static final long MAX_WORK = 1L << 26;

  private RoiAlignKernel() {}

  public static void register(Kernels.Builder b) {
    b.add("RoiAlign", 10, RoiAlignKernel::roiAlign);
  }

  private static List<Tensor> roiAlign(EvalContext ctx) {
    String mode = ctx.stringAttribute("mode", "avg");
    if (mode.equals("max")) {
      throw ctx.fail("mode max is undefined (the spec's text pools the interpolated samples, ONNX's reference "
          + "implementation pools the weighted corners of each; onnx/onnx#4764)");
    }
    if (!mode.equals("avg")) {
      throw ctx.fail("mode '" + mode + "' is not avg or max");
    }
    boolean halfPixel = ctx.opsetVersion() >= 16
        && checkedTransformation(ctx, ctx.stringAttribute("coordinate_transformation_mode", "half_pixel"));
    NdArray x = NdArray.read(ctx, ctx.input(0));
    NdArray rois = NdArray.read(ctx, ctx.input(1));
    NdArray batchIndices = NdArray.read(ctx, ctx.input(2));
    if (x.kind() != NdArray.Kind.REAL || rois.kind() != NdArray.Kind.REAL) {
      throw ctx.unsupported("X and rois of " + x.type().displayName() + " and " + rois.type().displayName()
          + " are not evaluated here");
    }
    if (x.rank() != 4) {
      throw ctx.fail("X must have rank 4 (N, C, H, W), has rank " + x.rank());
    }
    if (rois.rank() != 2 || rois.dim(1) != 4) {
      throw ctx.fail("rois must have shape (num_rois, 4)");
    }
    long numRois = rois.dim(0);
    if (batchIndices.rank() != 1 || batchIndices.dim(0) != numRois || batchIndices.kind() != NdArray.Kind.INTEGRAL) {
      throw ctx.fail("batch_indices must be an integer vector of " + numRois + " elements");
    }
    long outH = ctx.intAttribute("output_height", 1);
    long outW = ctx.intAttribute("output_width", 1);
    long samplingRatio = ctx.intAttribute("sampling_ratio", 0);
    double scale = ctx.floatAttribute("spatial_scale", 1f);
    if (outH < 1 || outW < 1) {
      throw ctx.fail("output_height and output_width must be >= 1, are " + outH + " and " + outW);
    }
    if (samplingRatio < 0) {
      throw ctx.fail("sampling_ratio must be >= 0, is " + samplingRatio);
    }
    long channels = x.dim(1);
    int height = (int) x.dim(2);
    int width = (int) x.dim(3);
    if ((height == 0 || width == 0) && numRois > 0 && channels > 0) {
      throw ctx.fail("sampling an empty feature map is undefined");
    }
    NdArray y = NdArray.allocate(ctx, x.type(), new long[] {numRois, channels, outH, outW});
    double offset = halfPixel ? 0.5 : 0;
    double work = 0;
    Roi[] regions = new Roi[(int) numRois];
    for (int r = 0; r < numRois; r++) {
      long batch = batchIndices.getLong(r);
      if (batch < 0 || batch >= x.dim(0)) {
        throw ctx.fail("batch index " + batch + " of RoI " + r + " is outside [0, " + x.dim(0) + ")");
      }
      double x1 = rois.getDouble(4 * r) * scale - offset;
      double y1 = rois.getDouble(4 * r + 1) * scale - offset;
      double roiW = rois.getDouble(4 * r + 2) * scale - offset - x1;
      double roiH = rois.getDouble(4 * r + 3) * scale - offset - y1;
      if (!(roiW >= 0 && roiH >= 0) || Double.isInfinite(roiW) || Double.isInfinite(roiH)
          || Double.isNaN(x1) || Double.isNaN(y1) || Double.isInfinite(x1) || Double.isInfinite(y1)) {
        throw ctx.fail("RoI " + r + " of negative or non-finite extent is undefined");
      }
      if (!halfPixel && (roiW < 1 || roiH < 1)) {
        throw ctx.fail("an output_half_pixel RoI under one pixel (RoI " + r + ") is undefined (Detectron stretched it "
            + "to one pixel, the spec does not say)");
      }
      double gridH = samplingRatio > 0 ? samplingRatio : Math.ceil(roiH / outH);
      double gridW = samplingRatio > 0 ? samplingRatio : Math.ceil(roiW / outW);
      if (gridH < 1 || gridW < 1) {
        throw ctx.fail("a bin of RoI " + r + " with no samples is undefined (adaptive sampling of an empty RoI)");
      }
      work += gridH * gridW * outH * outW * channels;
      if (work > MAX_WORK) {
        throw ctx.unsupported("more than " + MAX_WORK + " interpolations are too costly here");
      }
      regions[r] = new Roi((int) batch, x1, y1, roiW / outW, roiH / outH, (int) gridW, (int) gridH);
    }
    for (int r = 0; r < numRois; r++) {
      Roi roi = regions[r];
      for (int c = 0; c < channels; c++) {
        int plane = (int) ((roi.batch * channels + c) * height * width);
        for (int ph = 0; ph < outH; ph++) {
          for (int pw = 0; pw < outW; pw++) {
            double sum = 0;
            for (int iy = 0; iy < roi.gridH; iy++) {
              double sy = roi.y1 + ph * roi.binH + (iy + 0.5) * roi.binH / roi.gridH;
              for (int ix = 0; ix < roi.gridW; ix++) {
                double sx = roi.x1 + pw * roi.binW + (ix + 0.5) * roi.binW / roi.gridW;
                sum += bilinear(x, plane, height, width, sy, sx);
              }
            }
            y.setDouble((int) (((r * channels + c) * outH + ph) * outW + pw), sum / ((double) roi.gridH * roi.gridW));
          }
        }
      }
    }
    return List.of(y.toTensor());
  }

  /** One RoI in feature-map coordinates: its corner, bin extents and samples per bin. */
  private record Roi(int batch, double x1, double y1, double binW, double binH, int gridW, int gridH) {}

  private static boolean checkedTransformation(EvalContext ctx, String mode) {
    if (!mode.equals("half_pixel") && !mode.equals("output_half_pixel")) {
      throw ctx.fail("coordinate_transformation_mode '" + mode + "' is not half_pixel or output_half_pixel");
    }
    return mode.equals("half_pixel");
  }

  /** X's plane at {@code plane} interpolated at row {@code y}, column {@code x}, with Detectron's border rule. */
  private static double bilinear(NdArray x, int plane, int height, int width, double y, double xx) {
    if (y < -1 || y > height || xx < -1 || xx > width) {
      return 0;
    }
    double yc = Math.max(y, 0);
    double xc = Math.max(xx, 0);
    int y0 = (int) yc;
    int x0 = (int) xc;
    int y1;
    int x1;
    if (y0 >= height - 1) {
      y0 = height - 1;
      y1 = y0;
      yc = y0;
    } else {
      y1 = y0 + 1;
    }
    if (x0 >= width - 1) {
      x0 = width - 1;
      x1 = x0;
      xc = x0;
    } else {
      x1 = x0 + 1;
    }
    double ly = yc - y0;
    double lx = xc - x0;
    return (1 - ly) * (1 - lx) * x.getDouble(plane + y0 * width + x0)
        + (1 - ly) * lx * x.getDouble(plane + y0 * width + x1)
        + ly * (1 - lx) * x.getDouble(plane + y1 * width + x0)
        + ly * lx * x.getDouble(plane + y1 * width + x1);
  }
}
