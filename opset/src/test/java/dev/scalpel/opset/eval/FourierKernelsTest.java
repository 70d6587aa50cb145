package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.assertClose;
import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static dev.scalpel.opset.eval.KernelFixture.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Tensor;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** DFT and STFT on signals of 2 to 4 points worked out by hand, and the post-1.12 DFT node tests. */
class FourierKernelsTest {

  @Test
  void impulseTransformsToAllOnes() {
    Tensor y = KernelFixture.op("DFT", 17, floats(dims(1, 4, 1), 1, 0, 0, 0)).single();
    assertClose(y, dims(1, 4, 2), 1, 0, 1, 0, 1, 0, 1, 0);
  }

  @Test
  void delayedImpulseTransformsToTheTwiddles() {
    // X[k] = exp(-2 pi i k / 4) = 1, -i, -1, i.
    Tensor y = KernelFixture.op("DFT", 17, floats(dims(1, 4, 1), 0, 1, 0, 0)).single();
    assertClose(y, dims(1, 4, 2), 1, 0, 0, -1, -1, 0, 0, 1);
  }

  @Test
  void oneSidedKeepsHalfPlusOneBins() {
    // [1, 2, 3, 4]: X0 = 10, X1 = 1 - 2i - 3 + 4i = -2 + 2i, X2 = 1 - 2 + 3 - 4 = -2.
    Tensor y = KernelFixture.op("DFT", 17, floats(dims(1, 4, 1), 1, 2, 3, 4))
        .attr(Attribute.of("onesided", 1L)).single();
    assertClose(y, dims(1, 3, 2), 10, 0, -2, 2, -2, 0);
  }

  @Test
  void inverseOfAllOnesIsTheImpulse() {
    Tensor y = KernelFixture.op("DFT", 17, floats(dims(1, 4, 2), 1, 0, 1, 0, 1, 0, 1, 0))
        .attr(Attribute.of("inverse", 1L)).single();
    assertClose(y, dims(1, 4, 2), 1, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void inverseOneSidedRebuildsTheRealSignal() {
    // The one-sided spectrum of [1, 2, 3, 4] (above) back to 2 * (3 - 1) = 4 real points.
    Tensor y = KernelFixture.op("DFT", 17, floats(dims(1, 3, 2), 10, 0, -2, 2, -2, 0))
        .attr(Attribute.of("inverse", 1L)).attr(Attribute.of("onesided", 1L)).single();
    assertClose(y, dims(1, 4, 1), 1, 2, 3, 4);
  }

  @Test
  void dftLengthZeroPads() {
    // [1, 2, 0, 0]: X = 3, 1 - 2i, -1, 1 + 2i.
    Tensor y = KernelFixture.op("DFT", 17, floats(dims(1, 2, 1), 1, 2), scalar(4)).single();
    assertClose(y, dims(1, 4, 2), 3, 0, 1, -2, -1, 0, 1, 2);
  }

  @Test
  void axisIsAnAttributeAt17AndAnInputAt20() {
    Tensor x = floats(dims(1, 2, 2, 1), 1, 2, 3, 4);
    // Opset 17, axis 1 (columns [1, 3] and [2, 4]): [4, -2] and [6, -2].
    assertClose(KernelFixture.op("DFT", 17, x).single(), dims(1, 2, 2, 2), 4, 0, 6, 0, -2, 0, -2, 0);
    // Opset 20, axis -2 by default (rows [1, 2] and [3, 4]): [3, -1] and [7, -1].
    assertClose(KernelFixture.op("DFT", 20, x).single(), dims(1, 2, 2, 2), 3, 0, -1, 0, 7, 0, -1, 0);
    assertClose(KernelFixture.op("DFT", 20, x, null, scalar(1)).single(), dims(1, 2, 2, 2), 4, 0, 6, 0, -2, 0, -2, 0);
  }

  @Test
  void aTransformTooCostlyIsLeftToAnotherEvaluator() {
    Tensor big = floats(dims(1, 1 << 14, 1), new float[1 << 14]);
    assertThatThrownBy(() -> KernelFixture.op("DFT", 17, big).limit(1L << 20).single())
        .isInstanceOfSatisfying(EvaluationException.class, e -> assertThat(e.unsupported()).isTrue());
  }

  @Test
  void stftFramesWithAndWithoutWindow() {
    Tensor signal = floats(dims(1, 4, 1), 1, 2, 3, 4);
    // frame_length 2, step 2: frames [1, 2] and [3, 4] give [3, -1] and [7, -1].
    assertClose(KernelFixture.op("STFT", 17, signal, scalar(2), null, scalar(2)).single(),
        dims(1, 2, 2, 2), 3, 0, -1, 0, 7, 0, -1, 0);
    // Window [0, 1]: frames [0, 2] and [0, 4] give [2, -2] and [4, -4].
    assertClose(KernelFixture.op("STFT", 17, signal, scalar(2), floats(dims(2), 0, 1)).single(),
        dims(1, 2, 2, 2), 2, 0, -2, 0, 4, 0, -4, 0);
  }

  @Test
  void everyPost112DftNodeTestGivesTheExpectedOutput() throws IOException {
    NodeTestSweep.Outcome outcome = NodeTestSweep.run("test_dft_");
    assertThat(outcome.tests()).isEqualTo(7);
    assertThat(outcome.failures()).isEmpty();
  }
}
