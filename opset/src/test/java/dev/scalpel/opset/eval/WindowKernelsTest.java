package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The cosine windows on sizes small enough to work out by hand. */
class WindowKernelsTest {
  @Test
  void periodicHannOfFourIsZeroHalfOneHalf() {
    // N = 4: 0.5 - 0.5 cos(pi n / 2) for n = 0..3.
    assertThat(KernelFixture.op("HannWindow", 17, scalar(4)).single().toFloatArray())
        .containsExactly(0f, 0.5f, 1f, 0.5f);
  }

  @Test
  void symmetricHannOfThreeIsZeroOneZero() {
    // N = size - 1 = 2: 0.5 - 0.5 cos(pi n).
    Tensor w = KernelFixture.op("HannWindow", 17, scalar(3)).attr(Attribute.of("periodic", 0L)).single();
    assertThat(w.toFloatArray()).containsExactly(0f, 1f, 0f);
  }

  @Test
  void hammingUsesTheFractionsAndRoundsOnce() {
    // N = 2: 25/46 - 21/46 = 2/23 at n = 0 and 25/46 + 21/46 = 1 at n = 1, rounded once to float.
    assertThat(KernelFixture.op("HammingWindow", 17, scalar(2)).single().toFloatArray())
        .containsExactly((float) (2.0 / 23.0), 1f);
  }

  @Test
  void blackmanOfFour() {
    // N = 4: 0.42 - 0.5 cos(pi n / 2) + 0.08 cos(pi n) = 0, 0.34, 1, 0.34.
    float[] w = KernelFixture.op("BlackmanWindow", 17, scalar(4)).single().toFloatArray();
    assertThat(w[0]).isCloseTo(0f, within(1e-7f));
    assertThat(w[1]).isEqualTo(0.34f);
    assertThat(w[2]).isEqualTo(1f);
    assertThat(w[3]).isEqualTo(0.34f);
  }

  @Test
  void doubleOutputKeepsDoublePrecision() {
    Tensor w = KernelFixture.op("HammingWindow", 17, scalar(2))
        .attr(Attribute.of("output_datatype", (long) DataType.DOUBLE.code())).single();
    assertThat(w.dataType()).isEqualTo(DataType.DOUBLE);
    double first = w.data().order(ByteOrder.LITTLE_ENDIAN).getDouble(0);
    assertThat(first).isCloseTo(2.0 / 23.0, within(1e-16));
  }

  @Test
  void symmetricWindowOfOneIsRefused() {
    assertThatThrownBy(() -> KernelFixture.op("HannWindow", 17, scalar(1)).attr(Attribute.of("periodic", 0L)).single())
        .isInstanceOf(EvaluationException.class);
  }
}
