package dev.scalpel.runtime.quant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.passes.quant.QdqModels;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.simplify.ModelStats;
import dev.scalpel.runtime.simplify.SimplifyOptions;
import dev.scalpel.runtime.simplify.SimplifyReport;
import dev.scalpel.runtime.simplify.SimplifyResult;
import dev.scalpel.runtime.simplify.Simplifier;
import org.junit.jupiter.api.Test;

/**
 * simplify on QDQ models, checked through ONNX Runtime: by default every Q and DQ survives (ONNX
 * Runtime would fold them itself if the pipeline let it), the report counts them before and after,
 * and outputs stay equal; {@code foldQdq} turns the weights' DequantizeLinear into float weights,
 * also equal.
 */
class QdqSimplifyTest {
  private static void assertPassed(SimplifyReport r) {
    EquivalenceReport check = r.validation().orElseThrow();
    assertThat(check.passed()).as(check.toString()).isTrue();
  }

  @Test
  void quantizationSurvivesSimplifyAndTheReportCountsIt() {
    for (boolean perChannel : new boolean[] {true, false}) {
      SimplifyResult result = Simplifier.simplify(QdqModels.quantizedConv(perChannel), SimplifyOptions.defaults());
      SimplifyReport r = result.report();
      assertPassed(r);
      ModelStats before = r.before();
      ModelStats after = r.after();
      assertThat(before.quantizeNodes()).isEqualTo(1);
      assertThat(before.dequantizeNodes()).isEqualTo(3);
      assertThat(before.quantizedWeights()).isEqualTo(2);
      assertThat(after.quantizeNodes()).isEqualTo(1);
      assertThat(after.dequantizeNodes()).isEqualTo(3);
      assertThat(after.quantizedWeights()).isEqualTo(2);
      // NOTE: weight bytes may drop by one: the int8 zero points of x and w are merged when equal
      Node conv = result.model().graph().nodes().stream().filter(n -> n.opType().equals("Conv")).findFirst().orElseThrow();
      assertThat(conv.input(1).producer().input(0).constantValue().orElseThrow().dataType()).isEqualTo(DataType.INT8);
      assertThat(after.weightBytes()).isBetween(before.weightBytes() - 1, before.weightBytes());
    }
  }

  @Test
  void foldQdqTurnsWeightDequantizationIntoFloatWeightsWithEqualOutputs() {
    SimplifyResult result = Simplifier.simplify(QdqModels.quantizedConv(true), SimplifyOptions.defaults().withFoldQdq(true));
    SimplifyReport r = result.report();
    assertPassed(r);
    // the activation's Q → DQ reads the input and stays; weight and bias DQ become float initializers
    assertThat(r.after().quantizeNodes()).isEqualTo(1);
    assertThat(r.after().dequantizeNodes()).isEqualTo(1);
    assertThat(r.after().quantizedWeights()).isZero();
    Node conv = result.model().graph().nodes().stream().filter(n -> n.opType().equals("Conv")).findFirst().orElseThrow();
    assertThat(conv.input(1).constantValue().orElseThrow().dataType()).isEqualTo(DataType.FLOAT);
    // before: x_scale 4 + x_zero 1 + w 54 int8 + w_scale 12 + w_zero 3 + b 3 int32 12 + b_scale 12 = 98 B;
    // after: x_scale 4 + x_zero 1 + w 54 floats 216 + b 3 floats 12 = 233 B
    assertThat(r.before().weightBytes()).isEqualTo(98);
    assertThat(r.after().weightBytes()).isEqualTo(233);
  }

  @Test
  void batchNormFusesOnlyIntoFloatWeightsAndOutputsStayEqual() {
    SimplifyResult result = Simplifier.simplify(QdqModels.convBnAfterQuantizedConv(), SimplifyOptions.defaults());
    SimplifyReport r = result.report();
    assertPassed(r);
    assertThat(r.before().operators().get("BatchNormalization")).isEqualTo(2);
    assertThat(r.after().operators().get("BatchNormalization")).isEqualTo(1);
    assertThat(r.after().dequantizeNodes()).isEqualTo(r.before().dequantizeNodes());
    assertThat(r.after().quantizeNodes()).isEqualTo(r.before().quantizeNodes());
  }

  @Test
  void fakeQuantWeightsAndDuplicatedDequantizationStayAsWritten() {
    Model fake = QdqModels.fakeQuantWeightThroughTranspose();
    SimplifyReport r = Simplifier.simplify(fake, SimplifyOptions.defaults()).report();
    assertPassed(r);
    assertThat(r.after().nodes()).isEqualTo(4);

    SimplifyReport dup = Simplifier.simplify(QdqModels.duplicatedWeightDq(), SimplifyOptions.defaults()).report();
    assertPassed(dup);
    assertThat(dup.after().dequantizeNodes()).isEqualTo(4);
    assertThat(dup.after().operators()).doesNotContainKey("Identity");
  }
}
