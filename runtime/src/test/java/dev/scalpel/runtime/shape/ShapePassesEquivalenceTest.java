package dev.scalpel.runtime.shape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.common.RemoveUnused;
import dev.scalpel.passes.constant.ConstantsToInitializers;
import dev.scalpel.passes.cse.EliminateCommonSubexpressions;
import dev.scalpel.passes.shape.CollapseReshapeChain;
import dev.scalpel.passes.shape.ShapeFixtures;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
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

  @Test
  void constantsBecomeInitializersAndAConstantOutputStillComesOut() {
    assertKeepsOutputs(ShapeFixtures.constants(), new ConstantsToInitializers(), 6);
  }

  @Test
  void computedReshapeTargetsAndNoOpExpand() {
    // Left: Reshape ×3, Relu, and the unprovable target's Shape → Gather → Unsqueeze, Mul → Concat.
    assertKeepsOutputs(ShapeFixtures.reshapeChains(false), new CollapseReshapeChain(), 11);
    assertKeepsOutputs(ShapeFixtures.reshapeChains(true), new CollapseReshapeChain(), 11);
  }

  @Test
  void maskIndexingBecomesUnsqueeze() {
    assertKeepsOutputs(ShapeFixtures.maskIndexing(), new CollapseReshapeChain(), 5);
  }

  @Test
  void commonSubexpressions() {
    assertKeepsOutputs(ShapeFixtures.commonSubexpressions(), new EliminateCommonSubexpressions(), 8);
  }
}
