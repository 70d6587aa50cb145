package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalpel.graph.Attribute;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Elu and Celu on values worked out by hand, and Celu's post-1.12 node tests (float16, bfloat16). */
class EluCeluKernelsTest {
  @Test
  void eluIsAlphaTimesExpMinusOneBelowZero() {
    // alpha 2: elu(-1) = 2 (e^-1 - 1) = -1.2642411; elu(3) = 3.
    float[] y = KernelFixture.op("Elu", 6, floats(dims(2), -1f, 3f)).attr(Attribute.of("alpha", 2f)).single().toFloatArray();
    assertThat(y[0]).isCloseTo(-1.2642411f, within(1e-6f));
    assertThat(y[1]).isEqualTo(3f);
  }

  @Test
  void celuScalesTheInputByAlphaInsideExp() {
    // alpha 2: celu(-1) = 2 (e^-0.5 - 1) = -0.7869387; celu(3) = 3.
    float[] y = KernelFixture.op("Celu", 12, floats(dims(2), -1f, 3f)).attr(Attribute.of("alpha", 2f)).single().toFloatArray();
    assertThat(y[0]).isCloseTo(-0.7869387f, within(1e-6f));
    assertThat(y[1]).isEqualTo(3f);
  }

  @Test
  void everyPost112CeluNodeTestGivesTheExpectedOutput() throws IOException {
    NodeTestSweep.Outcome outcome = NodeTestSweep.run("test_celu_");
    assertThat(outcome.tests()).isEqualTo(2);
    assertThat(outcome.failures()).isEmpty();
  }
}
