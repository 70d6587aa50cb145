package dev.scalpel.passes.shape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.ModelPassContract;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.PipelineResult;
import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.passes.common.RemoveUnused;
import dev.scalpel.passes.cse.EliminateCommonSubexpressions;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.passes.rewrite.RuleSet;
import dev.scalpel.passes.rewrite.rules.EliminateNoOpExpand;
import dev.scalpel.passes.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules that read the shape analysis (what {@code collapse-reshape-chain} did as one pass),
 * run as the simplify pipeline runs them: after inference, with folding of proven-static values
 * and CSE of proven-equal values before them.
 */
class ShapeRulesTest extends ModelPassContract {
  /** The shape rules alone, as a rewrite pass. */
  static RuleSet shapeRules() {
    return new RuleSet("shape-rules", java.util.stream.Stream.concat(RuleSet.shapes().rules().stream(),
        java.util.stream.Stream.of(new EliminateNoOpExpand())).toList(),
        RuleSet.DEFAULT_MAX_SWEEPS);
  }

  /** Inference, folding, CSE, the shape rules and dead-node removal to a fixed point; the diagnostics. */
  static List<String> simplify(Model m) {
    PipelineResult r = PassManager.builder()
        .add(new InferShapes()).add(new FoldConstants()).add(new EliminateCommonSubexpressions())
        .add(shapeRules()).add(new RemoveUnused())
        .repeatUntilFixedPoint(8).verifyAfterEachPass(true).build().run(m);
    List<String> out = new java.util.ArrayList<>();
    r.passes().forEach(p -> out.addAll(p.diagnostics()));
    return out;
  }

  @Override
  protected ModelPass pass() {
    return shapeRules();
  }

  @Override
  protected List<Model> models() {
    return List.of(TestModels.tinyCnn(), ShapeFixtures.reshapeChains(false), ShapeFixtures.reshapeChains(true),
        ShapeFixtures.maskIndexing(), ShapeFixtures.reshapeTransposeReshape());
  }

  private static List<Node> reshapes(Model m) {
    return m.graph().nodes().stream().filter(n -> n.opType().equals("Reshape")).toList();
  }

  private static long[] target(Node reshape) {
    return reshape.input(1).constantValue().orElseThrow().toLongArray();
  }

  @Test
  void computedTargetsBecomeCopiesAndOneMinusOne() {
    Model m = ShapeFixtures.reshapeChains(false);
    simplify(m);
    List<Node> r = reshapes(m);
    assertThat(r).hasSize(3);
    assertThat(target(r.get(0))).containsExactly(0, 0, 2, 4);
    assertThat(target(r.get(1))).containsExactly(-1, 8);
    assertThat(r.get(2).input(1).constantValue()).as("[N, S*8] from [N,S,2,4]: not provable").isEmpty();
    // The no-op Expand is gone: Relu reads x.
    Node relu = m.graph().nodes().stream().filter(n -> n.opType().equals("Relu")).findFirst().orElseThrow();
    assertThat(relu.input(0).name()).isEqualTo("x");
    assertThat(m.graph().nodes()).extracting(Node::opType).doesNotContain("Expand", "Where", "Equal");
  }

  @Test
  void allowZeroIsDroppedOnlyWhenCopiesNeedIt() {
    Model m = ShapeFixtures.reshapeChains(true);
    simplify(m);
    List<Node> r = reshapes(m);
    assertThat(target(r.get(0))).containsExactly(0, 0, 2, 4);
    assertThat(r.get(0).intAttribute("allowzero", 0)).isEqualTo(0);
    assertThat(target(r.get(1))).containsExactly(-1, 8);
    assertThat(r.get(1).intAttribute("allowzero", 0)).as("no copy: kept").isEqualTo(1);
  }

  @Test
  void inOrderMaskIndexingBecomesUnsqueeze() {
    Model m = ShapeFixtures.maskIndexing();
    simplify(m);
    assertThat(m.graph().nodes()).extracting(Node::opType)
        .containsExactlyInAnyOrder("Cast", "Unsqueeze", "Reshape", "Unsqueeze", "Neg");
    Value dynamo = m.graph().outputs().get(1).producer().input(0);
    assertThat(dynamo.producer().opType()).isEqualTo("Unsqueeze");
    assertThat(dynamo.producer().input(0).name()).isEqualTo("mask");
    assertThat(dynamo.producer().input(1).constantValue().orElseThrow().toLongArray()).containsExactly(1, 2);
    Node legacy = m.graph().outputs().get(0).producer();
    assertThat(target(legacy)).containsExactly(0, 1, 1, 0);
    assertThat(legacy.input(0).producer().input(1).constantValue().orElseThrow().toLongArray()).containsExactly(1, 2, 4);
  }

  @Test
  void batchedTransposeThroughReshapesBecomesOneTransposeButAShuffleStays() {
    Model m = ShapeFixtures.reshapeTransposeReshape();
    simplify(m);
    Node first = m.graph().outputs().get(0).producer().input(0).producer();
    assertThat(first.opType()).isEqualTo("Transpose");
    assertThat(first.input(0).name()).isEqualTo("x");
    assertThat(first.attribute("perm").orElseThrow().asLongs()).containsExactly(0L, 1L, 3L, 2L);
    Node second = m.graph().outputs().get(1).producer().input(0).producer();
    assertThat(second.opType()).isEqualTo("Reshape");
    assertThat(m.graph().nodes()).extracting(Node::opType)
        .containsExactlyInAnyOrder("Transpose", "Relu", "Reshape", "Transpose", "Reshape", "Relu");
  }

  @Test
  void groupsAreFoundLeftToRight() {
    SymExprs e = new SymExprs();
    assertThat(TransposeThroughReshapes.groups(List.of(e.b, e.four, e.s, e.sixteen), List.of(e.b.times(4), e.s, e.sixteen)))
        .hasValue(List.of(List.of(0, 1), List.of(2), List.of(3)));
    assertThat(TransposeThroughReshapes.groups(List.of(e.b, e.s), List.of(e.s, e.b))).isEmpty();
  }

  private static final class SymExprs {
    final dev.scalpel.opset.infer.SymExpr b = dev.scalpel.opset.infer.SymExpr.symbol("b");
    final dev.scalpel.opset.infer.SymExpr s = dev.scalpel.opset.infer.SymExpr.symbol("s");
    final dev.scalpel.opset.infer.SymExpr four = dev.scalpel.opset.infer.SymExpr.of(4);
    final dev.scalpel.opset.infer.SymExpr sixteen = dev.scalpel.opset.infer.SymExpr.of(16);
  }

  @Test
  void indexingInAnotherOrderStays() {
    Model m = ShapeFixtures.maskIndexing(false);
    simplify(m);
    assertThat(m.graph().nodes()).extracting(Node::opType).contains("Gather", "GatherND", "Range");
  }

  @Test
  void explainWithTheAnalysisSaysWhichTargetsAreProvable() {
    Model m = ShapeFixtures.reshapeChains(false);
    java.util.List<dev.scalpel.passes.rewrite.Explanation> withShapes = RuleSet.shapes()
        .explain("reshape-to-proven-target", m, new dev.scalpel.passes.Analyses().shapes(m));
    assertThat(withShapes).hasSize(3);
    assertThat(withShapes).filteredOn(dev.scalpel.passes.rewrite.Explanation::fires).hasSize(2);
    assertThat(withShapes).filteredOn(e -> !e.fires()).singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("target kept"));
    assertThat(RuleSet.shapes().explain("reshape-to-proven-target", m))
        .as("without an analysis nothing is known").noneMatch(dev.scalpel.passes.rewrite.Explanation::fires);
  }
}
