package dev.scalpel.passes.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.traverse.GraphVerifier;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.ModelPassContract;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.common.InferShapes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FoldConstants replaces an If with a known condition by the branch it takes. */
class IfInliningTest extends ModelPassContract {
  @Override
  protected ModelPass pass() {
    return new FoldConstants();
  }

  @Override
  protected List<Model> models() {
    return List.of(IfModels.computedCondition(2), IfModels.computedCondition(3),
        IfModels.branchReturnsOuterValue(true), IfModels.branchReturnsOuterValue(false),
        IfModels.nested(true, false), IfModels.nested(true, true), IfModels.nested(false, true),
        IfModels.collidingNames(), IfModels.constantIfInsideARunTimeIf());
  }

  private static Model fold(Model m) {
    // NOTE: no verification between passes: collidingNames() starts out with duplicate names.
    PassManager.builder().add(new InferShapes()).add(new FoldConstants()).build().run(m);
    assertThat(GraphVerifier.verify(m)).isEmpty();
    assertThat(m.graph().outputs()).extracting(Value::name).containsExactly("y");
    return m;
  }

  private static List<String> ops(Graph g) {
    return g.nodes().stream().map(Node::opType).toList();
  }

  private static Node producerOfY(Model m) {
    return m.graph().outputs().get(0).producer();
  }

  @Test
  void takesTheThenBranchWithItsInitializers() {
    Model m = fold(IfModels.computedCondition(2));
    assertThat(ops(m.graph())).containsExactly("Add", "Mul");
    Node mul = producerOfY(m);
    assertThat(mul.opType()).isEqualTo("Mul");
    assertThat(mul.input(1).constantValue().orElseThrow().toFloatArray()).containsExactly(3f);
    Node add = mul.input(0).producer();
    assertThat(add.input(0)).isSameAs(m.graph().inputs().get(0));
    assertThat(add.input(1).constantValue().orElseThrow().toFloatArray()).containsExactly(1f, 2f);
  }

  @Test
  void takesTheElseBranch() {
    Model m = fold(IfModels.computedCondition(3));
    assertThat(ops(m.graph())).containsExactly("Sub");
    assertThat(producerOfY(m).input(1).constantValue().orElseThrow().toFloatArray()).containsExactly(5f);
  }

  @Test
  void aBranchReturningAnOuterValueBecomesAnIdentityNamedAfterTheGraphOutput() {
    Model m = fold(IfModels.branchReturnsOuterValue(true));
    assertThat(ops(m.graph())).containsExactly("Identity");
    assertThat(producerOfY(m).input(0)).isSameAs(m.graph().inputs().get(0));
  }

  @Test
  void aMovedProducerTakesTheGraphOutputName() {
    Model m = fold(IfModels.branchReturnsOuterValue(false));
    assertThat(ops(m.graph())).containsExactly("Neg");
    assertThat(producerOfY(m).opType()).isEqualTo("Neg");
    assertThat(m.graph().outputs().get(0).dataType()).hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("FLOAT"));
  }

  @Test
  void anInnerIfWithARunTimeConditionReadsTheMovedValues() {
    Model m = fold(IfModels.nested(true, false));
    assertThat(ops(m.graph())).containsExactly("Add", "If", "Add");
    Node inner = m.graph().nodes().get(1);
    Value t = m.graph().nodes().get(0).output(0);
    for (Graph branch : inner.subgraphs()) {
      boolean readsT = branch.nodes().stream().anyMatch(n -> n.inputs().contains(t));
      assertThat(readsT).as(branch.name() + " reads the moved t").isTrue();
    }
    assertThat(t.uses()).extracting(u -> u.node().graph().name()).contains("inner_then", "inner_else");
  }

  @Test
  void nestedConstantIfsAreBothInlined() {
    Model m = fold(IfModels.nested(true, true));
    assertThat(ops(m.graph())).containsExactlyInAnyOrder("Add", "Mul", "Add", "Add");
    assertThat(m.graph().allNodes()).noneMatch(n -> n.opType().equals("If"));
  }

  @Test
  void theOuterElseBranchDropsTheInnerIf() {
    Model m = fold(IfModels.nested(false, true));
    assertThat(ops(m.graph())).containsExactly("Identity", "Add");
  }

  @Test
  void movedNamesThatCollideWithOtherScopesAreRenamed() {
    Model m = fold(IfModels.collidingNames());
    List<Node> nodes = m.graph().nodes();
    assertThat(ops(m.graph())).containsExactly("Add", "Mul", "If", "Add");
    Node movedAdd = nodes.get(0);
    assertThat(movedAdd.output(0).name()).isNotEqualTo("tmp");
    assertThat(movedAdd.name()).isNotEqualTo("shared");
    assertThat(nodes.get(1).inputs()).containsExactly(movedAdd.output(0), movedAdd.output(0));
    Graph remainingThen = nodes.get(2).subgraphs().get(0);
    assertThat(remainingThen.nodes().get(0).output(0).name()).isEqualTo("tmp");
    assertThat(remainingThen.nodes().get(0).name()).isEqualTo("shared");
  }

  @Test
  void anIfInsideABranchIsInlinedIntoThatBranch() {
    Model m = fold(IfModels.constantIfInsideARunTimeIf());
    assertThat(ops(m.graph())).containsExactly("If");
    Graph outerThen = m.graph().nodes().get(0).attribute("then_branch").orElseThrow().asGraph();
    assertThat(ops(outerThen)).containsExactly("Mul");
    assertThat(outerThen.outputs().get(0).producer().opType()).isEqualTo("Mul");
    assertThat(outerThen.initializers()).extracting(Value::name).contains("two");
  }
}
