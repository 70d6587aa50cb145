package dev.scalpel.passes.quant;

import dev.scalpel.opset.quant.QdqNodes;
import dev.scalpel.opset.quant.QdqParameters;
import dev.scalpel.opset.quant.QuantizationSummary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantizationSummaryTest {
  @Test
  void countsTensorsOnceWithTheirTypeAndGranularity() {
    // x_q (int8 activation, scalar scale), w (int8 weight, scales [3] on axis 0), b (int32 bias, scales [3])
    QuantizationSummary s = QuantizationSummary.of(QdqModels.quantizedConv(true));
    assertThat(s.quantizeNodes()).isEqualTo(1);
    assertThat(s.dequantizeNodes()).isEqualTo(3);
    assertThat(s.quantizedTensors()).isEqualTo(3);
    assertThat(s.quantizedWeights()).isEqualTo(2);
    assertThat(s.byType()).isEqualTo(Map.of("int8", 2, "int32", 1));
    assertThat(s.perTensor()).isEqualTo(1);
    assertThat(s.perAxis()).isEqualTo(2);
    assertThat(s.blocked()).isZero();
  }

  @Test
  void perTensorWeightsAndAFakeQuantPair() {
    QuantizationSummary perTensor = QuantizationSummary.of(QdqModels.quantizedConv(false));
    // x_q and w have scalar scales; b's scale is a one-element vector, which is per tensor too
    assertThat(perTensor.perTensor()).isEqualTo(3);
    assertThat(perTensor.perAxis()).isZero();

    // Q(W float) → DQ: one quantized tensor (the Q's output), per axis, computed at run time
    QuantizationSummary fake = QuantizationSummary.of(QdqModels.fakeQuantWeightThroughTranspose());
    assertThat(fake.quantizedTensors()).isEqualTo(1);
    assertThat(fake.quantizedWeights()).isZero();
    assertThat(fake.perAxis()).isEqualTo(1);
    assertThat(fake.byType()).isEqualTo(Map.of("int8", 1));
  }

  @Test
  void aFloatModelHasNone() {
    Model m = dev.scalpel.passes.TestModels.tinyCnn();
    QuantizationSummary s = QuantizationSummary.of(m);
    assertThat(s.isQuantized()).isFalse();
    assertThat(s.quantizedTensors()).isZero();
  }
}
