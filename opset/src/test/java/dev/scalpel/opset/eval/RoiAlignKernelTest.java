package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.assertClose;
import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static dev.scalpel.opset.eval.KernelFixture.vec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Tensor;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * RoiAlign over a 3x3 map holding {@code f(y, x) = 10 y + x}: bilinear interpolation of a linear
 * function is exact, so every sample inside the map is {@code 10 y + x} and a bin's average is f at
 * its samples' mean position, worked out by hand.
 */
class RoiAlignKernelTest {
  private static final Tensor MAP = floats(dims(1, 1, 3, 3), 0, 1, 2, 10, 11, 12, 20, 21, 22);

  private static KernelFixture roiAlign(int opset, float... roi) {
    return KernelFixture.op("RoiAlign", opset, MAP, floats(dims(roi.length / 4, 4), roi), vec(new long[roi.length / 4]));
  }

  @Test
  void halfPixelShiftsTheRoiByHalfAPixel() {
    // Opset 16: [0.5, 0.5, 2.5, 2.5] becomes [0, 0, 2, 2]; 2x2 bins of one sample at their centres
    // 0.5 and 1.5: f = 5.5, 6.5, 15.5, 16.5.
    assertClose(roiAlign(16, 0.5f, 0.5f, 2.5f, 2.5f).attr(Attribute.of("output_height", 2L))
            .attr(Attribute.of("output_width", 2L)).attr(Attribute.of("sampling_ratio", 1L)).single(),
        dims(1, 1, 2, 2), 5.5f, 6.5f, 15.5f, 16.5f);
  }

  @Test
  void opset10AndOutputHalfPixelDoNotShift() {
    // [0, 0, 2, 2] unshifted, one bin, 2x2 samples at 0.5 and 1.5: mean position (1, 1), f = 11.
    assertClose(roiAlign(10, 0, 0, 2, 2).attr(Attribute.of("sampling_ratio", 2L)).single(), dims(1, 1, 1, 1), 11f);
    assertClose(roiAlign(16, 0, 0, 2, 2).attr(Attribute.of("sampling_ratio", 2L))
        .attr(Attribute.of("coordinate_transformation_mode", "output_half_pixel")).single(), dims(1, 1, 1, 1), 11f);
  }

  @Test
  void adaptiveSamplingTakesCeilOfTheBinExtent() {
    // sampling_ratio 0 over a 2x2 RoI in one bin: ceil(2 / 1) = 2 samples per axis, as above.
    assertClose(roiAlign(10, 0, 0, 2, 2).single(), dims(1, 1, 1, 1), 11f);
  }

  @Test
  void spatialScaleMapsImageCoordinatesToTheMap() {
    // [0, 0, 4, 4] at scale 0.5 is [0, 0, 2, 2].
    assertClose(roiAlign(10, 0, 0, 4, 4).attr(Attribute.of("spatial_scale", 0.5f)).single(), dims(1, 1, 1, 1), 11f);
  }

  @Test
  void samplesAcrossTheBorderFollowDetectronsRule() {
    // Opset 16, [0, 0, 1, 1] becomes [-0.5, -0.5, 0.5, 0.5]; 2x2 samples at -0.25 and 0.25 per
    // axis; -0.25 reads as 0: f(0, 0) = 0, f(0, 0.25) = 0.25, f(0.25, 0) = 2.5, f(0.25, 0.25) =
    // 2.75; mean 5.5 / 4 = 1.375.
    assertClose(roiAlign(16, 0, 0, 1, 1).attr(Attribute.of("sampling_ratio", 2L)).single(), dims(1, 1, 1, 1), 1.375f);
    // Opset 10, rows 2..4, columns 0..2: samples at rows 2.5 (past the last row: reads row 2) and
    // 3.5 (more than one pixel out: 0), columns 0.5 and 1.5: (20.5 + 21.5 + 0 + 0) / 4 = 10.5.
    assertClose(roiAlign(10, 0, 2, 2, 4).attr(Attribute.of("sampling_ratio", 2L)).single(), dims(1, 1, 1, 1), 10.5f);
  }

  @Test
  void eachRoiReadsTheImageItsBatchIndexNamesInEveryChannel() {
    // Image 1 is image 0 plus 100 (channel 0) and plus 200 (channel 1); RoI 0 reads image 1, RoI 1
    // image 0, both [0, 0, 2, 2] at opset 10 with 2x2 samples: 11 + 100, 11 + 200, then 11, 11.
    float[] x = new float[36];
    float[] f = {0, 1, 2, 10, 11, 12, 20, 21, 22};
    for (int i = 0; i < 9; i++) {
      x[i] = f[i];
      x[9 + i] = f[i];
      x[18 + i] = f[i] + 100;
      x[27 + i] = f[i] + 200;
    }
    Tensor y = KernelFixture.op("RoiAlign", 10, floats(dims(2, 2, 3, 3), x),
        floats(dims(2, 4), 0, 0, 2, 2, 0, 0, 2, 2), vec(1, 0)).attr(Attribute.of("sampling_ratio", 2L)).single();
    assertClose(y, dims(2, 2, 1, 1), 111, 211, 11, 11);
  }

  @Test
  void undefinedCasesAreRefusedSoNoEvaluatorGuesses() {
    roiAlign(16, 0, 0, 2, 2).attr(Attribute.of("mode", "max")).assertRefused(false);
    roiAlign(16, 2, 2, 0, 0).assertRefused(false);
    roiAlign(10, 0, 0, 0.5f, 0.5f).assertRefused(false);
    roiAlign(16, 1, 1, 1, 1).assertRefused(false);
  }

  @Test
  void badAttributesAndInputsAreRefusedBeforeAllocating() {
    roiAlign(16, 0, 0, 2, 2).attr(Attribute.of("output_height", 0L)).assertRefused(false);
    roiAlign(16, 0, 0, 2, 2).attr(Attribute.of("sampling_ratio", -1L)).assertRefused(false);
    roiAlign(16, 0, 0, 2, 2).attr(Attribute.of("output_height", 1L << 40)).assertRefused(false);
    KernelFixture.op("RoiAlign", 16, MAP, floats(dims(1, 4), 0, 0, 2, 2), vec(1)).assertRefused(false);
    roiAlign(16, 0, 0, 2, 2).attr(Attribute.of("coordinate_transformation_mode", "asymmetric")).assertRefused(false);
    // 2^14 x 2^14 samples in one bin: over the work limit, left to another evaluator.
    roiAlign(16, 0, 0, 2, 2).attr(Attribute.of("sampling_ratio", 1L << 14)).assertRefused(true);
  }

  @Test
  void thePost112MaxModeNodeTestIsRefused() throws IOException {
    NodeTestSweep.Outcome outcome = NodeTestSweep.run("test_roialign");
    assertThat(outcome.tests()).isEqualTo(1);
    assertThat(outcome.failures()).singleElement().asString().contains("refused").contains("mode max is undefined");
  }
}
