package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.assertClose;
import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Tensor;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * GridSample on one-row images worked out by hand: the row's y coordinate is always 0 (grid y = 0
 * maps to pixel row 0 for a height of 1 under either align_corners), so each case is a 1-D sample
 * along x. Unnormalized x is {@code ((g + 1) W - 1) / 2} (align_corners 0) or {@code (g + 1)(W - 1) / 2}.
 */
class GridSampleKernelTest {
  /** W = 3: pixels 4, 10, 20. */
  private static final Tensor ROW = floats(dims(1, 1, 1, 3), 4, 10, 20);

  /** A grid of one row of points at normalized x {@code gx}, y 0. */
  private static Tensor points(float... gx) {
    float[] g = new float[2 * gx.length];
    for (int i = 0; i < gx.length; i++) {
      g[2 * i] = gx[i];
    }
    return floats(dims(1, 1, gx.length, 2), g);
  }

  private static KernelFixture sample(int opset, Tensor x, Tensor grid, String mode, String padding, long alignCorners) {
    return KernelFixture.op("GridSample", opset, x, grid).attr(Attribute.of("mode", mode))
        .attr(Attribute.of("padding_mode", padding)).attr(Attribute.of("align_corners", alignCorners));
  }

  @Test
  void linearWithEachPaddingMode() {
    // g = 0 -> x = 1: 10. g = 0.5 -> x = 1.75: 0.25 * 10 + 0.75 * 20 = 17.5. g = -1 -> x = -0.5:
    // half of pixel -1 and half of pixel 0; zeros: 0.5 * 4 = 2; border clips to 0: 4; reflection
    // (at -0.5) stays -0.5, then clips: 4. g = -2 -> x = -2: zeros 0; border 4; reflection at -0.5
    // gives 1: 10.
    Tensor grid = points(0, 0.5f, -1, -2);
    Tensor y = sample(20, ROW, grid, "linear", "zeros", 0).single();
    assertThat(y.dims()).containsExactly(1, 1, 1, 4);
    assertClose(y, dims(1, 1, 1, 4), 10, 17.5f, 2, 0);
    assertClose(sample(20, ROW, grid, "linear", "border", 0).single(), dims(1, 1, 1, 4), 10, 17.5f, 4, 4);
    assertClose(sample(20, ROW, grid, "linear", "reflection", 0).single(), dims(1, 1, 1, 4), 10, 17.5f, 4, 10);
    // Opset 16 spells it bilinear.
    assertClose(sample(16, ROW, grid, "bilinear", "zeros", 0).single(), dims(1, 1, 1, 4), 10, 17.5f, 2, 0);
  }

  @Test
  void alignCornersPutsTheExtremaOnTheCornerPixelCentres() {
    // x = g + 1: g = 0.5 -> 1.5: 15; g = -1 -> 0: 4; g = -2 -> -1, reflected at 0 to 1 (the spec's
    // "the reflected value at index -1 will be the same as the value at index 1"): 10.
    assertClose(sample(20, ROW, points(0.5f, -1), "linear", "zeros", 1).single(), dims(1, 1, 1, 2), 15, 4);
    assertClose(sample(20, ROW, points(-2), "linear", "reflection", 1).single(), dims(1, 1, 1, 1), 10);
  }

  @Test
  void nearestRoundsHalfToEven() {
    // W = 2: x = g + 0.5. g = 0 -> 0.5, rounds to 0: 4. g = 1 -> 1.5, rounds to 2, outside: 0
    // (zeros) or, clipped to 1 first, 10 (border). g = 0.3 -> 0.8: 10.
    Tensor two = floats(dims(1, 1, 1, 2), 4, 10);
    assertClose(sample(20, two, points(0, 1, 0.3f), "nearest", "zeros", 0).single(), dims(1, 1, 1, 3), 4, 0, 10);
    assertClose(sample(20, two, points(0, 1), "nearest", "border", 0).single(), dims(1, 1, 1, 2), 4, 10);
    // Opset 16 rounds the same way (see GridSampleKernel's note).
    assertClose(sample(16, two, points(0, 0.3f), "nearest", "zeros", 0).single(), dims(1, 1, 1, 2), 4, 10);
  }

  @Test
  void cubicUsesTheConvolutionOfAMinusThreeQuarters() {
    // Halfway between pixels (t = 0.5) the weights are -0.09375, 0.59375, 0.59375, -0.09375; at a
    // pixel (t = 0) they are 0, 1, 0, 0. W = 4, pixels 0, 0, 8, 0, align_corners 1: x = 1.5 at
    // g = 0: 0.59375 * 8 = 4.75. Pixels 8, 0, 0, 0, align_corners 0: x = 0.5 at g = -0.5; the tap
    // at -1 reads 0: 0.59375 * 8 = 4.75.
    Tensor peak = floats(dims(1, 1, 1, 4), 0, 0, 8, 0);
    Tensor edge = floats(dims(1, 1, 1, 4), 8, 0, 0, 0);
    assertClose(sample(20, peak, points(0), "cubic", "zeros", 1).single(), dims(1, 1, 1, 1), 4.75f);
    assertClose(sample(20, edge, points(-0.5f), "cubic", "zeros", 0).single(), dims(1, 1, 1, 1), 4.75f);
    assertClose(sample(16, edge, points(-0.5f), "bicubic", "zeros", 0).single(), dims(1, 1, 1, 1), 4.75f);
  }

  @Test
  void volumetricGridsListTheInnermostAxisFirst() {
    // X = 4 z + 2 y + x on a 2x2x2 cube, align_corners 1 (-1 -> 0, 1 -> 1). (x, y, z) = (1, -1, -1)
    // reads (z, y, x) = (0, 0, 1): 1; (-1, 1, -1): 2; (-1, -1, 1): 4; the centre (0, 0, 0) is the
    // mean of all eight, 3.5.
    Tensor cube = floats(dims(1, 1, 2, 2, 2), 0, 1, 2, 3, 4, 5, 6, 7);
    Tensor grid = floats(dims(1, 1, 1, 4, 3), 1, -1, -1, -1, 1, -1, -1, -1, 1, 0, 0, 0);
    Tensor y = sample(20, cube, grid, "linear", "zeros", 1).single();
    assertThat(y.dims()).containsExactly(1, 1, 1, 1, 4);
    assertClose(y, dims(1, 1, 1, 1, 4), 1, 2, 4, 3.5f);
  }

  @Test
  void eachBatchSamplesItsOwnImageWithItsOwnGridInEveryChannel() {
    // N = 2, C = 2, one row of 2 pixels each: image 0 channels [1, 2] and [3, 4], image 1 [5, 6]
    // and [7, 8]; align_corners 1 (x = (g + 1) / 2). Grid 0 at g = -1 (x = 0), grid 1 at g = 0
    // (x = 0.5): 1, 3, then 5.5, 7.5.
    Tensor x = floats(dims(2, 2, 1, 2), 1, 2, 3, 4, 5, 6, 7, 8);
    Tensor grid = floats(dims(2, 1, 1, 2), -1, 0, 0, 0);
    assertClose(sample(20, x, grid, "linear", "zeros", 1).single(), dims(2, 2, 1, 1), 1, 3, 5.5f, 7.5f);
  }

  @Test
  void undefinedAndUnimplementedCasesAreRefused() {
    sample(20, ROW, points(0), "cubic", "border", 0).assertRefused(false);
    sample(20, ROW, points(Float.NaN), "linear", "zeros", 0).assertRefused(false);
    sample(16, ROW, points(0), "linear", "zeros", 0).assertRefused(false);
    sample(20, ROW, points(0), "bilinear", "zeros", 0).assertRefused(false);
    sample(20, ROW, points(0), "linear", "mirror", 0).assertRefused(false);
    sample(16, floats(dims(1, 1, 1, 1, 2), 1, 2), floats(dims(1, 1, 1, 1, 3), 0, 0, 0),
        "bilinear", "zeros", 0).assertRefused(false);
    sample(20, ROW, floats(dims(2, 1, 1, 2), 0, 0, 0, 0), "linear", "zeros", 0).assertRefused(false);
    sample(20, KernelFixture.ints(dims(1, 1, 1, 3), 4, 10, 20), points(0), "linear", "zeros", 0).assertRefused(true);
    // 2^11 channels x 2^10 points x 4^3 taps = 2^27, over the work limit.
    Tensor wide = floats(dims(1, 1 << 11, 1, 1, 1), new float[1 << 11]);
    Tensor many = floats(dims(1, 1, 1, 1 << 10, 3), new float[3 << 10]);
    sample(20, wide, many, "cubic", "zeros", 0).assertRefused(true);
  }

  @Test
  void everyPost112GridSampleNodeTestGivesTheExpectedOutput() throws IOException {
    NodeTestSweep.Outcome outcome = NodeTestSweep.run("test_gridsample");
    assertThat(outcome.tests()).isEqualTo(10);
    assertThat(outcome.failures()).isEmpty();
  }
}
