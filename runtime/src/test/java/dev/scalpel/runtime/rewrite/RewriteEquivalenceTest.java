package dev.scalpel.runtime.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.passes.rewrite.RewriteFixtures;
import dev.scalpel.passes.rewrite.RuleSet;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import org.junit.jupiter.api.Test;

/** Each rewrite keeps the outputs through ONNX Runtime, and removes the nodes it should. */
class RewriteEquivalenceTest {

  private static void assertRewriteKeepsOutputs(Model before, int expectedNodes) {
    Model after = before.deepCopy();
    new InferShapes().run(after, new PassContext());
    RuleSet.standard().run(after, new PassContext());
    assertThat(after.graph().nodeCount()).isEqualTo(expectedNodes);
    EquivalenceReport report = EquivalenceChecker.check(before, after, CheckOptions.defaults());
    assertThat(report.passed()).as(report.toString()).isTrue();
  }

  @Test
  void convBatchNormFusion() {
    assertRewriteKeepsOutputs(RewriteFixtures.convBn(true, 1, false), 2);
    assertRewriteKeepsOutputs(RewriteFixtures.convBn(false, 1, false), 2);
    assertRewriteKeepsOutputs(RewriteFixtures.convBn(true, 3, false), 2);
  }

  @Test
  void convTransposeBatchNormFusionWithGroups() {
    assertRewriteKeepsOutputs(RewriteFixtures.convBn(true, 1, true), 2);
    assertRewriteKeepsOutputs(RewriteFixtures.convBn(false, 2, true), 2);
  }

  @Test
  void eliminations() {
    assertRewriteKeepsOutputs(RewriteFixtures.eliminations(), 1);
  }

  @Test
  void transposes() {
    assertRewriteKeepsOutputs(RewriteFixtures.transposes(), 2);
    assertRewriteKeepsOutputs(RewriteFixtures.cancellingTransposes(), 1);
  }

  @Test
  void castAndReshape() {
    assertRewriteKeepsOutputs(RewriteFixtures.castAndReshape(), 1);
  }
}
