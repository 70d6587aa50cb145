package dev.scalpel.runtime.shape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.common.RemoveUnused;
import dev.scalpel.passes.constant.ConstantsToInitializers;
import dev.scalpel.passes.cse.EliminateCommonSubexpressions;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.passes.rewrite.RuleSet;
import dev.scalpel.passes.rewrite.rules.EliminateNoOpExpand;
import java.util.List;
import dev.scalpel.passes.shape.ShapeFixtures;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Each pass keeps the outputs through ONNX Runtime (at two values of each dynamic dim) and removes
 * the nodes it should.
 */
class ShapePassesEquivalenceTest {

  private static void assertKeepsOutputs(Model before, ModelPass pass, int expectedNodes) {
    Model after = before.deepCopy();
    pass.run(after, new PassContext());
    new RemoveUnused().run(after, new PassContext());
    assertThat(after.graph().nodeCount()).isEqualTo(expectedNodes);
    EquivalenceReport report = EquivalenceChecker.check(before, after, CheckOptions.defaults());
    assertThat(report.passed()).as(report.toString()).isTrue();
  }

  /**
   * What {@code collapse-reshape-chain} did: inference, folding of proven-static values, CSE of
   * proven-equal values and the rules that read the shape analysis, to a fixed point.
   */
  private static ModelPass shapeRules() {
    RuleSet rules = new RuleSet("shape-rules", java.util.stream.Stream.concat(RuleSet.shapes().rules().stream(),
        java.util.stream.Stream.of(new EliminateNoOpExpand())).toList(),
        RuleSet.DEFAULT_MAX_SWEEPS);
    return new ModelPass() {
      @Override
      public String id() {
        return "shape-rules";
      }

      @Override
      public void run(Model model, PassContext context) {
        PassManager.builder().add(new InferShapes()).add(new FoldConstants()).add(new EliminateCommonSubexpressions())
            .add(rules).add(new RemoveUnused()).repeatUntilFixedPoint(8).build().run(model);
      }
    };
  }

  @Test
  void constantsBecomeInitializersAndAConstantOutputStillComesOut() {
    assertKeepsOutputs(ShapeFixtures.constants(), new ConstantsToInitializers(), 6);
  }

  @Test
  void computedReshapeTargetsAndNoOpExpand() {
    // Left: Reshape ×3, Relu, and the unprovable target's Shape → Gather → Unsqueeze, Mul → Concat.
    assertKeepsOutputs(ShapeFixtures.reshapeChains(false), shapeRules(), 11);
    assertKeepsOutputs(ShapeFixtures.reshapeChains(true), shapeRules(), 11);
  }

  @Test
  void maskIndexingBecomesUnsqueeze() {
    assertKeepsOutputs(ShapeFixtures.maskIndexing(), shapeRules(), 5);
  }

  @Test
  void batchedTransposeThroughReshapes() {
    // Transpose + Relu for x; the shuffle's Reshape, Transpose, Reshape + Relu for c.
    assertKeepsOutputs(ShapeFixtures.reshapeTransposeReshape(), shapeRules(), 6);
  }

  @Test
  void commonSubexpressions() {
    assertKeepsOutputs(ShapeFixtures.commonSubexpressions(), new EliminateCommonSubexpressions(), 8);
  }

  @Test
  void constantsAndDuplicatesInBranches() {
    for (boolean branch : new boolean[] {true, false}) {
      Model before = ShapeFixtures.constantsInBranches();
      Model after = before.deepCopy();
      new ConstantsToInitializers().run(after, new PassContext());
      new EliminateCommonSubexpressions().run(after, new PassContext());
      CheckOptions options = CheckOptions.defaults().withInput("cond",
          DenseTensor.wrap("cond", DataType.BOOL, new long[0], ByteBuffer.wrap(new byte[] {(byte) (branch ? 1 : 0)})));
      EquivalenceReport report = EquivalenceChecker.check(before, after, options);
      assertThat(report.passed()).as(branch + ": " + report).isTrue();
    }
  }
}
