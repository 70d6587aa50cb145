package dev.scalpel.passes.rewrite;

import static dev.scalpel.passes.rewrite.LocalRuleTesting.first;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.floats;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.ops;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.simplify;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.whyNot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.ValueType;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.graph.traverse.GraphVerifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BN into Gemm and MatMul, MatMul+Add into Gemm, Pad into Conv: where they fire and where not. */
class FusionRulesTest {

  @Test
  void batchNormFoldsIntoGemmFollowingTheFormula() {
    Model m = LocalRuleFixtures.gemmBn(false, new long[] {5}, DataType.FLOAT);
    float[] b = floats(m.graph().initializer("B").orElseThrow());
    float[] c = floats(m.graph().initializer("C").orElseThrow());
    float[] gamma = floats(m.graph().initializer("gamma").orElseThrow());
    float[] beta = floats(m.graph().initializer("beta").orElseThrow());
    float[] mean = floats(m.graph().initializer("mean").orElseThrow());
    float[] var = floats(m.graph().initializer("var").orElseThrow());
    assertThat(simplify(m).applications("fuse-batchnorm-into-gemm")).isEqualTo(1);
    assertThat(ops(m)).isEqualTo(Map.of("Gemm", 1L, "Relu", 1L));
    Node gemm = first(m, "Gemm");
    assertThat(gemm.floatAttribute("alpha", 0)).isEqualTo(2f);
    assertThat(gemm.floatAttribute("beta", 1f)).isEqualTo(1f);
    float[] b2 = floats(gemm.input(1));
    float[] c2 = floats(gemm.input(2));
    for (int j = 0; j < 5; j++) {
      double s = gamma[j] / Math.sqrt(var[j] + (double) 1e-3f);
      // NOTE: BN(2·A·B + 0.5·C) = 2·A·(B·s) + (0.5·C − μ)·s + β; B is [4, 5], column j.
      assertThat((double) c2[j]).isCloseTo((0.5 * c[j] - mean[j]) * s + beta[j], offset(1e-6));
      assertThat((double) b2[3 * 5 + j]).isCloseTo(b[3 * 5 + j] * s, offset(1e-6));
    }
    assertThat(GraphVerifier.verify(m)).isEmpty();
  }

  @Test
  void theFusedNodesOutputTakesTheTypeOfTheValueItReplaces() {
    Model m = LocalRuleFixtures.gemmBn(false, new long[] {5}, DataType.FLOAT);
    new InferShapes().run(m, new PassContext());
    ValueType bnOut = first(m, "BatchNormalization").output(0).type();
    assertThat(bnOut).isNotNull();

    RewriteStats s = new GreedyRewriter(RuleSet.standard().rules(), RuleSet.DEFAULT_MAX_SWEEPS).run(m);

    assertThat(s.applications()).containsEntry("fuse-batchnorm-into-gemm", 1);
    // NOTE: no inference ran since the rewrite: the type is the replaced value's, so the next
    // infer-shapes finds nothing to annotate and the pipeline needs no extra round to see that.
    assertThat(first(m, "Gemm").output(0).type()).isEqualTo(bnOut);
  }

  @Test
  void batchNormIntoGemmScalesTheRowsOfATransposedWeight() {
    Model m = LocalRuleFixtures.gemmBn(true, null, DataType.FLOAT);
    float[] b = floats(m.graph().initializer("B").orElseThrow());
    float[] gamma = floats(m.graph().initializer("gamma").orElseThrow());
    float[] var = floats(m.graph().initializer("var").orElseThrow());
    simplify(m);
    Node gemm = first(m, "Gemm");
    float[] b2 = floats(gemm.input(1));
    double s2 = gamma[2] / Math.sqrt(var[2] + (double) 1e-3f);
    // NOTE: with transB, B is [5, 4]: output channel 2 is row 2, elements 8..11.
    assertThat((double) b2[9]).isCloseTo(b[9] * s2, offset(1e-6));
    assertThat(gemm.input(2).constantValue().orElseThrow().dims()).containsExactly(5);
  }

  @Test
  void batchNormIntoGemmKeepsTheRowsOfAFullBias() {
    Model m = LocalRuleFixtures.gemmBn(false, new long[] {3, 5}, DataType.FLOAT);
    simplify(m);
    assertThat(first(m, "Gemm").input(2).constantValue().orElseThrow().dims()).containsExactly(3, 5);
  }

  @Test
  void batchNormIntoGemmInFloat16() {
    Model m = LocalRuleFixtures.gemmBn(false, new long[] {1, 5}, DataType.FLOAT16);
    assertThat(simplify(m).applications("fuse-batchnorm-into-gemm")).isEqualTo(1);
    assertThat(first(m, "Gemm").input(1).constantValue().orElseThrow().dataType()).isEqualTo(DataType.FLOAT16);
  }

  @Test
  void batchNormIntoMatMulBecomesAGemm() {
    Model m = LocalRuleFixtures.matMulBn(2, DataType.FLOAT);
    RewriteStats s = simplify(m);
    assertThat(s.applications("fuse-batchnorm-into-matmul")).isEqualTo(1);
    assertThat(s.applications("fuse-matmul-add-into-gemm")).isEqualTo(1);
    assertThat(ops(m)).isEqualTo(Map.of("Gemm", 1L, "Relu", 1L));
  }

  @Test
  void batchNormAfterARank3MatMulStays() {
    // NOTE: [N,5,4]·[4,5] is [N,5,5]: BN's channel axis 1 is the rows, not the weight's columns.
    Model m = LocalRuleFixtures.matMulBn(3, DataType.FLOAT);
    assertThat(whyNot(m, "fuse-batchnorm-into-matmul")).contains("rank 3");
    simplify(m);
    assertThat(ops(m)).containsEntry("BatchNormalization", 1L);
  }

  @Test
  void batchNormInTrainingModeOrWithASharedIntermediateStays() {
    Model training = LocalRuleFixtures.matMulBn(2, DataType.FLOAT);
    first(training, "BatchNormalization").setAttribute(Attribute.of("training_mode", 1L));
    assertThat(whyNot(training, "fuse-batchnorm-into-matmul")).contains("training_mode");

    Model shared = LocalRuleFixtures.gemmBn(false, null, DataType.FLOAT);
    shared.graph().addOutput(first(shared, "Gemm").output(0));
    assertThat(whyNot(shared, "fuse-batchnorm-into-gemm")).contains("graph output");
    simplify(shared);
    assertThat(ops(shared)).containsEntry("BatchNormalization", 1L);
  }

  @Test
  void matMulAddBecomesGemmOnEitherSide() {
    for (boolean matMulFirst : new boolean[] {true, false}) {
      Model m = LocalRuleFixtures.matMulAdd(2, new long[] {5}, matMulFirst);
      RewriteStats s = simplify(m);
      assertThat(s.applications(matMulFirst ? "fuse-matmul-add-into-gemm" : "fuse-add-matmul-into-gemm")).isEqualTo(1);
      assertThat(ops(m)).isEqualTo(Map.of("Gemm", 1L, "Relu", 1L));
      Node gemm = first(m, "Gemm");
      assertThat(gemm.inputs().stream().map(v -> v.name()).toList()).containsExactly("x", "W", "bias");
      assertThat(gemm.attributes()).isEmpty();
    }
    Model rowBias = LocalRuleFixtures.matMulAdd(2, new long[] {1, 5}, true);
    simplify(rowBias);
    assertThat(ops(rowBias)).containsKey("Gemm");
  }

  @Test
  void matMulAddStaysForRank3OrABiasThatBroadcastsUp() {
    assertThat(whyNot(LocalRuleFixtures.matMulAdd(3, new long[] {5}, true), "fuse-matmul-add-into-gemm")).contains("rank 2");
    // NOTE: a [3,5] bias against [N,5]: at N = 1 the Add's result grows to [3,5]; Gemm's C may not.
    assertThat(whyNot(LocalRuleFixtures.matMulAdd(2, new long[] {3, 5}, true), "fuse-matmul-add-into-gemm"))
        .contains("does not broadcast");
    assertThat(whyNot(LocalRuleFixtures.matMulAdd(2, new long[] {2, 1, 5}, true), "fuse-matmul-add-into-gemm"))
        .contains("rank 3");
  }

  @Test
  void padFoldsIntoConvPads() {
    Model m = LocalRuleFixtures.padConv(new long[] {0, 0, 1, 2, 0, 0, 3, 4}, "constant", 0f, null);
    assertThat(simplify(m).applications("fold-pad-into-conv")).isEqualTo(1);
    assertThat(ops(m)).isEqualTo(Map.of("Conv", 1L, "Relu", 1L));
    // NOTE: Pad [x0b,x1b,x2b,x3b, x0e,...] = begins (1,2) and ends (3,4) on H, W; Conv had 1 each.
    assertThat(first(m, "Conv").attribute("pads").orElseThrow().asLongs()).containsExactly(2L, 3L, 4L, 5L);
    assertThat(first(m, "Conv").input(0).name()).isEqualTo("x");
  }

  @Test
  void padWithAxesOrAsAttributeFoldsIntoConv() {
    for (long[] axes : List.of(new long[] {2, 3}, new long[] {-2, -1})) {
      Model m = LocalRuleFixtures.padConvWithAxes(axes);
      simplify(m);
      // NOTE: pads [1,2,0,1] on axes (H, W): begins H1 W2, ends H0 W1; the Conv had no pads.
      assertThat(first(m, "Conv").attribute("pads").orElseThrow().asLongs()).containsExactly(1L, 2L, 0L, 1L);
      assertThat(first(m, "Conv").attribute("dilations").orElseThrow().asLongs()).containsExactly(2L, 2L);
    }
    Model old = LocalRuleFixtures.padConvOpset10(new long[] {0, 0, 2, 0, 0, 0, 0, 1});
    simplify(old);
    assertThat(ops(old)).isEqualTo(Map.of("Conv", 1L, "Relu", 1L));
    assertThat(first(old, "Conv").attribute("pads").orElseThrow().asLongs()).containsExactly(2L, 0L, 0L, 1L);
  }

  @Test
  void padStaysWhenItIsNotZeroPaddingOfSpatialAxes() {
    assertThat(whyNot(LocalRuleFixtures.padConv(new long[] {0, 0, 1, 1, 0, 0, 1, 1}, "reflect", 0f, null), "fold-pad-into-conv"))
        .contains("reflect");
    assertThat(whyNot(LocalRuleFixtures.padConv(new long[] {0, 0, 1, 1, 0, 0, 1, 1}, "constant", 1f, null), "fold-pad-into-conv"))
        .contains("fill value");
    assertThat(whyNot(LocalRuleFixtures.padConv(new long[] {0, 1, 1, 1, 0, 0, 1, 1}, "constant", 0f, null), "fold-pad-into-conv"))
        .contains("channel");
    assertThat(whyNot(LocalRuleFixtures.padConv(new long[] {0, 0, -1, 0, 0, 0, 0, 0}, "constant", 0f, null), "fold-pad-into-conv"))
        .contains("negative");
    assertThat(whyNot(LocalRuleFixtures.padConv(new long[] {0, 0, 1, 1, 0, 0, 1, 1}, "constant", 0f, "SAME_UPPER"), "fold-pad-into-conv"))
        .contains("auto_pad");
  }
}
