package dev.scalpel.passes.cse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.ModelPassContract;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.TestModels;
import dev.scalpel.passes.shape.ShapeFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class EliminateCommonSubexpressionsTest extends ModelPassContract {
  @Override
  protected ModelPass pass() {
    return new EliminateCommonSubexpressions();
  }

  @Override
  protected List<Model> models() {
    return List.of(TestModels.tinyCnn(), ShapeFixtures.commonSubexpressions(), ShapeFixtures.constantsInBranches());
  }

  @Test
  void mergesEqualNodesToAFixedPointButNotRandomOnesNorGraphOutputs() {
    Model m = ShapeFixtures.commonSubexpressions();
    assertThat(m.graph().nodeCount()).isEqualTo(10);
    new EliminateCommonSubexpressions().run(m, new PassContext());
    // Relu b merges into Relu a; then the two Muls (equal constants by content) merge.
    assertThat(m.graph().nodes()).extracting(Node::opType)
        .containsExactly("Relu", "Mul", "Add", "RandomUniformLike", "RandomUniformLike", "Relu", "Add", "Shape");
    Node add = m.graph().nodes().get(2);
    assertThat(add.input(0)).isSameAs(add.input(1));
    assertThat(m.graph().outputs().get(2).producer().opType()).isEqualTo("Relu");
  }

  @Test
  void differentAttributesAreNotMerged() {
    Model m = ShapeFixtures.reshapeChains(true);
    int before = m.graph().nodeCount();
    new EliminateCommonSubexpressions().run(m, new PassContext());
    // The two Unsqueeze(Gather(Shape)) chains differ in their index; only the equal axes constants
    // would merge, and those are initializers, not nodes.
    assertThat(m.graph().nodeCount()).isEqualTo(before);
  }

  @Test
  void mergesInsideSubgraphs() {
    Model m = ShapeFixtures.constantsInBranches();
    new EliminateCommonSubexpressions().run(m, new PassContext());
    var then = m.graph().nodes().get(0).attribute("then_branch").orElseThrow().asGraph();
    assertThat(then.nodes()).extracting(Node::opType).filteredOn("Relu"::equals).hasSize(1);
  }
}
