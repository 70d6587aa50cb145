package dev.scalpel.passes.constant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.ModelPassContract;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.TestModels;
import dev.scalpel.passes.shape.ShapeFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstantsToInitializersTest extends ModelPassContract {
  @Override
  protected ModelPass pass() {
    return new ConstantsToInitializers();
  }

  @Override
  protected List<Model> models() {
    return List.of(TestModels.tinyCnn(), ShapeFixtures.constants(), ShapeFixtures.constantsInBranches());
  }

  @Test
  void everyDenseValueFormBecomesAnInitializerOfTheSameName() {
    Model m = ShapeFixtures.constants();
    List<String> names = m.graph().nodes().stream().filter(n -> n.opType().equals("Constant"))
        .map(n -> n.output(0).name()).toList();
    assertThat(names).hasSize(6);
    new ConstantsToInitializers().run(m, new PassContext());
    assertThat(m.graph().nodes()).extracting(Node::opType).doesNotContain("Constant").hasSize(6);
    for (String name : names) {
      Value init = m.graph().initializer(name).orElseThrow();
      assertThat(init.initializer()).isPresent();
    }
    // value_float is a FLOAT scalar, value_ints an INT64 vector, value_int an INT64 scalar (spec).
    Value mul = m.graph().nodes().get(0).input(1);
    assertThat(mul.initializer().get().dims()).isEmpty();
    assertThat(mul.initializer().get().toFloatArray()).containsExactly(2f);
    Node reshape = m.graph().nodes().stream().filter(n -> n.opType().equals("Reshape")).findFirst().orElseThrow();
    assertThat(reshape.input(1).initializer().get().toLongArray()).containsExactly(-1, 2);
    Node gather = m.graph().nodes().stream().filter(n -> n.opType().equals("Gather")).findFirst().orElseThrow();
    assertThat(gather.input(1).initializer().get().dims()).isEmpty();
    assertThat(gather.input(1).initializer().get().toLongArray()).containsExactly(1);
  }

  @Test
  void aConstantGraphOutputKeepsItsNameAsAnInitializer() {
    Model m = ShapeFixtures.constants();
    String name = m.graph().outputs().get(2).name();
    new ConstantsToInitializers().run(m, new PassContext());
    Value out = m.graph().outputs().get(2);
    assertThat(out.name()).isEqualTo(name);
    assertThat(out.initializer().orElseThrow().toFloatArray()).containsExactly(1f, 2f, 3f, 4f);
  }

  @Test
  void oldIrVersionsAreLeftAlone() {
    Model m = ShapeFixtures.constants();
    m.setIrVersion(3);
    PassContext ctx = new PassContext();
    new ConstantsToInitializers().run(m, ctx);
    assertThat(m.graph().nodes()).extracting(Node::opType).contains("Constant");
    assertThat(ctx.diagnostics()).isNotEmpty();
  }

  @Test
  void subgraphConstantsBecomeTheirInitializersButABranchOutputStays() {
    Model m = ShapeFixtures.constantsInBranches();
    new ConstantsToInitializers().run(m, new PassContext());
    Node ifNode = m.graph().nodes().get(0);
    var then = ifNode.attribute("then_branch").orElseThrow().asGraph();
    var otherwise = ifNode.attribute("else_branch").orElseThrow().asGraph();
    assertThat(then.nodes()).extracting(Node::opType).doesNotContain("Constant");
    assertThat(then.initializers()).hasSize(2);
    assertThat(m.graph().initializers()).isEmpty();
    assertThat(otherwise.nodes()).extracting(Node::opType).containsExactly("Constant");
  }
}
