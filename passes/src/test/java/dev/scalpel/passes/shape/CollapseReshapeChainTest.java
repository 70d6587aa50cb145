package dev.scalpel.passes.shape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.ModelPassContract;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollapseReshapeChainTest extends ModelPassContract {
  @Override
  protected ModelPass pass() {
    return new CollapseReshapeChain();
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
    PassContext ctx = new PassContext();
    new CollapseReshapeChain().run(m, ctx);
    List<Node> r = reshapes(m);
    assertThat(r).hasSize(3);
    assertThat(target(r.get(0))).containsExactly(0, 0, 2, 4);
    assertThat(target(r.get(1))).containsExactly(-1, 8);
    assertThat(r.get(2).input(1).constantValue()).as("[N, S*8] from [N,S,2,4]: not provable").isEmpty();
    assertThat(ctx.diagnostics()).anyMatch(d -> d.contains("target kept"));
    // The no-op Expand is gone: Relu reads x.
    Node relu = m.graph().nodes().stream().filter(n -> n.opType().equals("Relu")).findFirst().orElseThrow();
    assertThat(relu.input(0).name()).isEqualTo("x");
    assertThat(m.graph().nodes()).extracting(Node::opType).doesNotContain("Expand", "Where", "Equal");
  }

  @Test
  void allowZeroIsDroppedOnlyWhenCopiesNeedIt() {
    Model m = ShapeFixtures.reshapeChains(true);
    new CollapseReshapeChain().run(m, new PassContext());
    List<Node> r = reshapes(m);
    assertThat(target(r.get(0))).containsExactly(0, 0, 2, 4);
    assertThat(r.get(0).intAttribute("allowzero", 0)).isEqualTo(0);
    assertThat(target(r.get(1))).containsExactly(-1, 8);
    assertThat(r.get(1).intAttribute("allowzero", 0)).as("no copy: kept").isEqualTo(1);
  }

  @Test
  void inOrderMaskIndexingBecomesUnsqueeze() {
    Model m = ShapeFixtures.maskIndexing();
    new CollapseReshapeChain().run(m, new PassContext());
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
    new CollapseReshapeChain().run(m, new PassContext());
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
    new CollapseReshapeChain().run(m, new PassContext());
    assertThat(m.graph().nodes()).extracting(Node::opType).contains("Gather", "GatherND", "Range");
  }
}
