package dev.scalpel.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTest {
  private Model sample() {
    GraphBuilder b = GraphBuilder.create(21);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2));
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    Value w = b.initializer("w", TestTensors.floats(2));
    Value r = b.op("Relu", b.op("Add", x, w));
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Neg", r));
    GraphBuilder otherwise = b.subgraph("else");
    otherwise.output(otherwise.op("Identity", r));
    b.output(b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()),
        Attribute.of("else_branch", otherwise.graph())));
    return b.model();
  }

  @Test
  void deepCopyWritesTheSameBytes() {
    Model original = sample();

    assertThat(OnnxWriter.toBytes(original.deepCopy())).isEqualTo(OnnxWriter.toBytes(original));
  }

  @Test
  void deepCopySharesTensorsButNothingEditable() {
    Model original = sample();
    Model copy = original.deepCopy();

    Value w = original.graph().initializer("w").orElseThrow();
    Value wCopy = copy.graph().initializer("w").orElseThrow();
    assertThat(wCopy).isNotSameAs(w);
    assertThat(wCopy.initializer().orElseThrow()).isSameAs(w.initializer().orElseThrow());
    assertThat(copy.graph().nodes()).doesNotContainAnyElementsOf(original.graph().nodes());
  }

  @Test
  void mutatingTheCopyLeavesTheOriginalAlone() {
    Model original = sample();
    byte[] before = OnnxWriter.toBytes(original);
    Model copy = original.deepCopy();
    Graph g = copy.graph();
    Node add = g.nodes().get(0);
    Value x = g.inputs().get(0);

    add.output(0).setName("renamed");
    g.nodes().get(1).replaceInput(0, x);
    g.remove(add);
    g.removeInitializer(g.initializer("w").orElseThrow());
    g.nodes().get(1).attribute("then_branch").orElseThrow().asGraph().nodes().get(0).replaceInput(0, x);

    assertThat(OnnxWriter.toBytes(original)).isEqualTo(before);
    Value xOriginal = original.graph().inputs().get(0);
    assertThat(xOriginal.uses()).hasSize(1);
  }

  @Test
  void subgraphsOfTheCopyReadTheCopysValues() {
    Model copy = sample().deepCopy();
    Node ifNode = copy.graph().nodes().get(2);
    Value r = copy.graph().nodes().get(1).output(0);

    Node neg = ifNode.attribute("then_branch").orElseThrow().asGraph().nodes().get(0);

    assertThat(neg.input(0)).isSameAs(r);
    assertThat(r.uses()).contains(new Usage(neg, 0));
  }
}
