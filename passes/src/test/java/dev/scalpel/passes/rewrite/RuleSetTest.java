package dev.scalpel.passes.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.traverse.GraphVerifier;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.ModelPassContract;
import dev.scalpel.passes.PassRegistry;
import dev.scalpel.passes.TestModels;
import dev.scalpel.passes.common.InferShapes;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuleSetTest extends ModelPassContract {
  @Override
  protected ModelPass pass() {
    return RuleSet.standard();
  }

  @Override
  protected List<Model> models() {
    return List.of(TestModels.tinyCnn(), RewriteFixtures.convBn(true, 1, false), RewriteFixtures.eliminations(),
        RewriteFixtures.transposes(), RewriteFixtures.castAndReshape());
  }

  static RewriteStats rewrite(Model m) {
    return new GreedyRewriter(RuleSet.standard().rules(), RuleSet.DEFAULT_MAX_SWEEPS).run(m);
  }

  static Map<String, Long> ops(Model m) {
    return m.graph().nodes().stream().collect(Collectors.groupingBy(Node::opType, Collectors.counting()));
  }

  @Test
  void isRegistered() {
    assertThat(PassRegistry.standard().create("rewrite")).isPresent();
  }

  @Test
  void fusesBatchNormIntoConv() {
    for (long group : new long[] {1}) {
      Model m = RewriteFixtures.convBn(false, group, false);
      RewriteStats s = rewrite(m);
      assertThat(s.applications("fuse-batchnorm-into-conv")).isEqualTo(1);
      assertThat(ops(m)).isEqualTo(Map.of("Conv", 1L, "Relu", 1L));
      Node conv = m.graph().nodes().get(0);
      assertThat(conv.inputs()).hasSize(3);
      assertThat(conv.intAttribute("group", 0)).isEqualTo(group);
      // NOTE: the old W and BN parameters are gone, only the fused W and b remain.
      assertThat(m.graph().initializers()).hasSize(2);
      assertThat(GraphVerifier.verify(m)).isEmpty();
    }
  }

  @Test
  void ruleApplicationsAreDataInThePassChangeSummary() {
    Model m = RewriteFixtures.convBn(false, 1, false);
    dev.scalpel.passes.PipelineResult r = dev.scalpel.passes.PassManager.builder().add(RuleSet.standard()).build().run(m);
    dev.scalpel.passes.PassResult first = r.passes().get(0);
    assertThat(first.changes().ruleApplications()).containsEntry("fuse-batchnorm-into-conv", 1);
    assertThat(first.diagnostics()).noneMatch(d -> d.contains("applied"));
    assertThat(first.changes().plus(first.changes()).ruleApplications()).containsEntry("fuse-batchnorm-into-conv", 2);
  }

  @Test
  void fusesBatchNormIntoConvTranspose() {
    Model m = RewriteFixtures.convBn(true, 2, true);
    assertThat(rewrite(m).applications("fuse-batchnorm-into-conv-transpose")).isEqualTo(1);
    assertThat(ops(m)).isEqualTo(Map.of("ConvTranspose", 1L, "Relu", 1L));
  }

  @Test
  void fusedWeightsFollowTheFormula() {
    Model m = RewriteFixtures.convBn(true, 1, false);
    float[] w = m.graph().initializer("W").orElseThrow().initializer().orElseThrow().toFloatArray();
    float[] b = m.graph().initializer("B").orElseThrow().initializer().orElseThrow().toFloatArray();
    float[] gamma = m.graph().initializer("gamma").orElseThrow().initializer().orElseThrow().toFloatArray();
    float[] beta = m.graph().initializer("beta").orElseThrow().initializer().orElseThrow().toFloatArray();
    float[] mean = m.graph().initializer("mean").orElseThrow().initializer().orElseThrow().toFloatArray();
    float[] var = m.graph().initializer("var").orElseThrow().initializer().orElseThrow().toFloatArray();
    rewrite(m);
    Node conv = m.graph().nodes().get(0);
    float[] w2 = conv.input(1).initializer().orElseThrow().toFloatArray();
    float[] b2 = conv.input(2).initializer().orElseThrow().toFloatArray();
    int perChannel = w.length / 6;
    for (int c = 0; c < 6; c++) {
      double s = gamma[c] / Math.sqrt(var[c] + (double) 1e-3f);
      assertThat((double) b2[c]).isCloseTo((b[c] - mean[c]) * s + beta[c], org.assertj.core.data.Offset.offset(1e-6));
      assertThat((double) w2[c * perChannel + 5]).isCloseTo(w[c * perChannel + 5] * s, org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  @Test
  void eliminatesIdentityDropoutAndSingleInputConcat() {
    Model m = RewriteFixtures.eliminations();
    RewriteStats s = rewrite(m);
    assertThat(s.applications()).containsEntry("eliminate-identity", 1).containsEntry("eliminate-dropout", 1)
        .containsEntry("eliminate-single-input-concat", 1);
    assertThat(ops(m)).isEqualTo(Map.of("Relu", 1L));
    assertThat(m.graph().nodes().get(0).input(0).name()).isEqualTo("x");
  }

  @Test
  void mergesTransposesAndDropsTheIdentityOne() {
    Model m = RewriteFixtures.transposes();
    rewrite(m);
    assertThat(ops(m)).isEqualTo(Map.of("Transpose", 1L, "Relu", 1L));
    // NOTE: [1,0,2] then [2,0,1] reads axis p[q[i]]: [2,1,0].
    assertThat(m.graph().nodes().get(0).attribute("perm").orElseThrow().toString()).contains("[2, 1, 0]");
    Model cancel = RewriteFixtures.cancellingTransposes();
    rewrite(cancel);
    assertThat(ops(cancel)).isEqualTo(Map.of("Relu", 1L));
  }

  /**
   * Found by SimplifyFuzzTest (crash-5cf68227 in its inputs): a perm that is not a permutation of
   * its axes (9 of rank 3) made merge-consecutive-transposes index out of bounds (simplify exit 70).
   * No transpose rule reasons about such a perm; the nodes stay.
   */
  @Test
  void aPermThatIsNotAPermutationIsLeftAlone() {
    dev.scalpel.graph.build.GraphBuilder g = dev.scalpel.graph.build.GraphBuilder.create(17);
    dev.scalpel.graph.Value x = g.input("x", dev.scalpel.graph.DataType.FLOAT, dev.scalpel.graph.Shape.of(2, 3, 4));
    dev.scalpel.graph.Value t1 = g.op("Transpose", List.of(x), dev.scalpel.graph.Attribute.ofInts("perm", 1, 0, 2));
    dev.scalpel.graph.Value t2 = g.op("Transpose", List.of(t1), dev.scalpel.graph.Attribute.ofInts("perm", 0, 1, 9));
    dev.scalpel.graph.Value t3 = g.op("Transpose", List.of(t2), dev.scalpel.graph.Attribute.ofInts("perm", 0, 0, 1));
    g.output(g.op("Relu", t3));
    Model m = g.model();
    rewrite(m);
    assertThat(ops(m)).isEqualTo(Map.of("Transpose", 3L, "Relu", 1L));
  }

  /**
   * Found by SimplifyFuzzTest (crash-1f694dc2 in its inputs): an Expand whose shape is a float
   * constant (an invalid model) made eliminate-noop-expand read it as int64 and throw (simplify
   * exit 70). It is not read as dims; the Expand stays.
   */
  @Test
  void anExpandToAFloatShapeIsLeftAlone() {
    dev.scalpel.graph.build.GraphBuilder g = dev.scalpel.graph.build.GraphBuilder.create(17);
    dev.scalpel.graph.Value x = g.input("x", dev.scalpel.graph.DataType.FLOAT, dev.scalpel.graph.Shape.of(2, 3));
    dev.scalpel.graph.Value shape = g.constant(dev.scalpel.graph.tensor.DenseTensor.ofFloats("s", new long[] {2}, 2, 3));
    g.output(g.op("Relu", g.op("Expand", x, shape)));
    Model m = g.model();
    rewrite(m);
    assertThat(ops(m)).isEqualTo(Map.of("Expand", 1L, "Relu", 1L));
  }

  @Test
  void castNeedsTheInputTypeAndReshapeNeedsTheShape() {
    Model m = RewriteFixtures.castAndReshape();
    rewrite(m);
    assertThat(ops(m)).isEqualTo(Map.of("Cast", 1L));
    assertThat(m.graph().nodes().get(0).input(0).name()).isEqualTo("x");
  }

  @Test
  void explainSaysWhereARuleFires() {
    Model m = RewriteFixtures.castAndReshape();
    new InferShapes().run(m, new dev.scalpel.passes.PassContext());
    List<Explanation> why = RuleSet.standard().explain("eliminate-noop-reshape", m);
    assertThat(why).singleElement().extracting(Explanation::fires).isEqualTo(true);
  }

  @Test
  void neverRenamesAGraphOutput() {
    Model m = RewriteFixtures.eliminations();
    Node relu = m.graph().nodes().get(3);
    m.graph().setOutput(0, relu.input(0));
    List<Explanation> why = RuleSet.standard().explain("eliminate-single-input-concat", m);
    assertThat(why).singleElement().extracting(Explanation::reason).asString().contains("graph output");
    rewrite(m);
    assertThat(m.graph().outputs().get(0).producer().opType()).isEqualTo("Concat");
  }

  @Test
  void explainsASharedIntermediate() {
    Model m = RewriteFixtures.convBn(true, 1, false);
    Node conv = m.graph().nodes().get(0);
    m.graph().addOutput(conv.output(0));
    List<Explanation> why = RuleSet.standard().explain("fuse-batchnorm-into-conv", m);
    assertThat(why).singleElement().extracting(Explanation::reason).asString().contains("is a graph output");
  }

  @Test
  void explainsTrainingModeAndTheOpsetRange() {
    Model m = RewriteFixtures.convBn(true, 1, false);
    Node bn = m.graph().nodes().get(1);
    bn.setAttribute(dev.scalpel.graph.Attribute.of("training_mode", 1L));
    assertThat(RuleSet.standard().explain("fuse-batchnorm-into-conv", m))
        .singleElement().extracting(Explanation::reason).asString().contains("training_mode");
    m.opsetImports().set("", 8);
    assertThat(RuleSet.standard().explain("fuse-batchnorm-into-conv", m))
        .singleElement().extracting(Explanation::reason).asString().contains("outside the vetted range");
  }
}
