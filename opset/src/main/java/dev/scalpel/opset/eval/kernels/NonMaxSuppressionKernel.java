package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * NonMaxSuppression-10/11: per batch and class, the boxes scoring above {@code score_threshold} are
 * taken in descending score order (equal scores: lower box index first) and each is selected unless
 * its IoU with a box already selected for that class is strictly greater than {@code iou_threshold},
 * until {@code max_output_boxes_per_class} are selected (default 0: none). The result lists
 * [batch, class, box] by batch, then class, then selection order.
 *
 * <p>Invariant: where the spec leaves the outcome open the node is refused, never guessed: a score
 * exactly equal to the score threshold (the spec removes scores "less than" it, implementations keep
 * only greater ones), and an IoU comparison that float32 and double arithmetic decide differently
 * (the spec does not say in which precision the IoU is computed).
 */
public final class NonMaxSuppressionKernel {
  private NonMaxSuppressionKernel() {}

  public static void register(Kernels.Builder b) {
    b.add("NonMaxSuppression", 10, NonMaxSuppressionKernel::evaluate);
  }

  private static List<Tensor> evaluate(EvalContext ctx) {
    NdArray boxes = NdArray.read(ctx, ctx.input(0));
    NdArray scores = NdArray.read(ctx, ctx.input(1));
    if (boxes.type() != DataType.FLOAT || scores.type() != DataType.FLOAT) {
      throw ctx.fail("boxes and scores must be float");
    }
    if (boxes.rank() != 3 || boxes.dim(2) != 4 || scores.rank() != 3 || scores.dim(0) != boxes.dim(0)
        || scores.dim(2) != boxes.dim(1)) {
      throw ctx.fail("boxes must be [batches, boxes, 4] and scores [batches, classes, boxes]; got "
          + Arrays.toString(boxes.dims()) + " and " + Arrays.toString(scores.dims()));
    }
    long maxPerClass = scalar(ctx, 2, DataType.INT64).map(a -> a.getLong(0)).orElse(0L);
    float iouThreshold = scalar(ctx, 3, DataType.FLOAT).map(a -> (float) a.getDouble(0)).orElse(0f);
    Float scoreThreshold = scalar(ctx, 4, DataType.FLOAT).map(a -> (float) a.getDouble(0)).orElse(null);
    if (!(iouThreshold >= 0f && iouThreshold <= 1f)) {
      throw ctx.fail("iou_threshold " + iouThreshold + " is outside [0, 1]");
    }
    boolean centerPoint = ctx.intAttribute("center_point_box", 0) != 0;
    int batches = (int) boxes.dim(0);
    int classes = (int) scores.dim(1);
    int count = (int) boxes.dim(1);
    List<long[]> selected = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      for (int c = 0; c < classes; c++) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          float s = (float) scores.getDouble((b * classes + c) * count + i);
          if (scoreThreshold != null && s == scoreThreshold) {
            throw ctx.fail("a score equals score_threshold; the spec and implementations disagree on keeping it");
          }
          if (scoreThreshold == null || s > scoreThreshold) {
            candidates.add(i);
          }
        }
        final int row = (b * classes + c) * count;
        candidates.sort(Comparator.comparingDouble((Integer i) -> -scores.getDouble(row + i))
            .thenComparingInt(i -> i));
        List<Integer> kept = new ArrayList<>();
        for (int i : candidates) {
          if (kept.size() >= maxPerClass) {
            break;
          }
          boolean suppressed = false;
          for (int j : kept) {
            if (overlapsTooMuch(ctx, boxes, b, count, i, j, centerPoint, iouThreshold)) {
              suppressed = true;
              break;
            }
          }
          if (!suppressed) {
            kept.add(i);
            selected.add(new long[] {b, c, i});
          }
        }
      }
    }
    ctx.reserve(3L * selected.size());
    long[] flat = new long[3 * selected.size()];
    for (int k = 0; k < selected.size(); k++) {
      System.arraycopy(selected.get(k), 0, flat, 3 * k, 3);
    }
    return List.of(DenseTensor.ofLongs("", new long[] {selected.size(), 3}, flat));
  }

  private static java.util.Optional<NdArray> scalar(EvalContext ctx, int input, DataType type) {
    if (!ctx.hasInput(input)) {
      return java.util.Optional.empty();
    }
    NdArray a = NdArray.read(ctx, ctx.input(input));
    if (a.type() != type || a.size() != 1) {
      throw ctx.fail("input " + input + " must be one " + type.displayName());
    }
    return java.util.Optional.of(a);
  }

  /** Whether IoU(box i, box j) > threshold, the same in float32 and in double arithmetic. */
  private static boolean overlapsTooMuch(EvalContext ctx, NdArray boxes, int b, int count, int i, int j,
      boolean centerPoint, float threshold) {
    double[] p = corners(boxes, (b * count + i) * 4, centerPoint);
    double[] q = corners(boxes, (b * count + j) * 4, centerPoint);
    boolean inDouble = iouDouble(p, q) > threshold;
    boolean inFloat = iouFloat(boxes, (b * count + i) * 4, (b * count + j) * 4, centerPoint) > threshold;
    if (inDouble != inFloat) {
      throw ctx.fail("IoU of boxes " + i + " and " + j + " is too close to iou_threshold to decide");
    }
    return inDouble;
  }

  /** [ymin, xmin, ymax, xmax] of the box at {@code at}. */
  private static double[] corners(NdArray boxes, int at, boolean centerPoint) {
    double a = boxes.getDouble(at);
    double b = boxes.getDouble(at + 1);
    double c = boxes.getDouble(at + 2);
    double d = boxes.getDouble(at + 3);
    if (centerPoint) {
      // [x_center, y_center, width, height]
      return new double[] {b - d / 2, a - c / 2, b + d / 2, a + c / 2};
    }
    return new double[] {Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)};
  }

  private static double iouDouble(double[] p, double[] q) {
    double h = Math.max(0, Math.min(p[2], q[2]) - Math.max(p[0], q[0]));
    double w = Math.max(0, Math.min(p[3], q[3]) - Math.max(p[1], q[1]));
    double inter = h * w;
    double union = (p[2] - p[0]) * (p[3] - p[1]) + (q[2] - q[0]) * (q[3] - q[1]) - inter;
    return union <= 0 ? 0 : inter / union;
  }

  private static float iouFloat(NdArray boxes, int at, int other, boolean centerPoint) {
    float[] p = cornersFloat(boxes, at, centerPoint);
    float[] q = cornersFloat(boxes, other, centerPoint);
    float h = Math.max(0f, Math.min(p[2], q[2]) - Math.max(p[0], q[0]));
    float w = Math.max(0f, Math.min(p[3], q[3]) - Math.max(p[1], q[1]));
    float inter = h * w;
    float union = (p[2] - p[0]) * (p[3] - p[1]) + (q[2] - q[0]) * (q[3] - q[1]) - inter;
    return union <= 0 ? 0f : inter / union;
  }

  private static float[] cornersFloat(NdArray boxes, int at, boolean centerPoint) {
    float a = (float) boxes.getDouble(at);
    float b = (float) boxes.getDouble(at + 1);
    float c = (float) boxes.getDouble(at + 2);
    float d = (float) boxes.getDouble(at + 3);
    if (centerPoint) {
      return new float[] {b - d / 2, a - c / 2, b + d / 2, a + c / 2};
    }
    return new float[] {Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)};
  }
}
