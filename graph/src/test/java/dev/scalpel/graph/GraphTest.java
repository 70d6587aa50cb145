package dev.scalpel.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.build.GraphBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphTest {
  private final GraphBuilder b = GraphBuilder.create(21);
  private final Graph graph = b.graph();
  private final Value x = b.input("x", DataType.FLOAT, Shape.of(2));

  @Test
  void insertBeforeAndAfterPlaceNodesAroundTheAnchor() {
    Node a = b.op("Relu", x).producer();
    Node c = b.op("Neg", x).producer();

    Node before = graph.insertBefore(a, new Node(null, "Abs", List.of(x), List.of("before"), List.of()));
    Node between = graph.insertAfter(a, new Node(null, "Exp", List.of(x), List.of("between"), List.of()));
    Node last = graph.insertAfter(c, new Node(null, "Log", List.of(x), List.of("last"), List.of()));

    assertThat(graph.nodes()).containsExactly(before, a, between, c, last);
    assertThat(graph.nodeCount()).isEqualTo(5);
    assertThat(x.uses()).hasSize(5);
  }

  @Test
  void removingNodesWhileIteratingSkipsThemAndKeepsTheRest() {
    List<Node> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      all.add(b.op("Relu", x).producer());
    }
    List<Node> visited = new ArrayList<>();

    for (Node n : graph) {
      visited.add(n);
      int index = all.indexOf(n);
      if (index % 2 == 0) {
        graph.remove(n); // the node being visited
      }
      if (index == 1) {
        graph.remove(all.get(3)); // a node ahead of the iterator
      }
    }

    assertThat(visited).containsExactly(all.get(0), all.get(1), all.get(2), all.get(4), all.get(5));
    assertThat(graph.nodes()).containsExactly(all.get(1), all.get(5));
    assertThat(x.uses()).containsExactlyInAnyOrder(new Usage(all.get(1), 0), new Usage(all.get(5), 0));
  }

  @Test
  void removeRefusesANodeWhoseOutputIsRead() {
    Value r = b.op("Relu", x);
    b.op("Neg", r);

    assertThatThrownBy(() -> graph.remove(r.producer()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("still used");
    assertThat(graph.nodes()).contains(r.producer());
  }

  @Test
  void removeRefusesANodeWhoseOutputIsAGraphOutput() {
    Value r = b.op("Relu", x);
    b.output(r);

    assertThatThrownBy(() -> graph.remove(r.producer())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void removeDropsTheNodesUses() {
    Node relu = b.op("Relu", x).producer();

    graph.remove(relu);

    assertThat(x.uses()).isEmpty();
    assertThat(relu.graph()).isNull();
  }

  @Test
  void freshNamesNeverCollideWithNamesInUse() {
    b.op("Relu", x);
    Set<String> names = new HashSet<>();
    for (Node n : graph) {
      names.add(n.output(0).name());
    }
    names.add("x");

    for (int i = 0; i < 20; i++) {
      assertThat(names.add(graph.freshValueName("relu"))).isTrue();
      assertThat(names.add(graph.freshValueName("x"))).isTrue();
    }
  }

  @Test
  void freshNamesAvoidNamesOfSubgraphsAttachedLater() {
    graph.freshValueName("warm-up"); // builds the name scope before the subgraph joins
    Graph body = new Graph("then");
    Node inner = body.append(new Node(null, "Identity", List.of(x), List.of("t"), List.of()));
    inner.setName("inner");
    body.addOutput(inner.output(0));
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    graph.append(new Node(null, "If", List.of(cond), List.of("out"), List.of(Attribute.of("then_branch", body))));

    assertThat(graph.freshValueName("t")).isNotEqualTo("t");
    assertThat(body.freshValueName("t")).isNotEqualTo("t");
    assertThat(graph.freshNodeName("inner")).isNotEqualTo("inner");
  }

  @Test
  void freshNamesFromASubgraphAreFreshInTheRoot() {
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Relu", x));
    Value out = b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()));
    Graph body = then.graph();

    String fresh = body.freshValueName(out.name());

    assertThat(fresh).isNotEqualTo(out.name());
    assertThat(graph.freshValueName(fresh)).isNotEqualTo(fresh);
  }

  @Test
  void removingANodeWithASubgraphDropsTheUsesOfItsInnerNodes() {
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Relu", x));
    Node ifNode = b.op("If", List.of(cond), Attribute.of("then_branch", then.graph())).producer();
    assertThat(x.uses()).hasSize(1);

    graph.remove(ifNode);
    assertThat(x.uses()).isEmpty();

    graph.append(ifNode);
    assertThat(x.uses()).hasSize(1);
  }

  @Test
  void replacingASubgraphAttributeDropsTheUsesOfTheOldBody() {
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Relu", x));
    Node ifNode = b.op("If", List.of(cond), Attribute.of("then_branch", then.graph())).producer();
    GraphBuilder other = b.subgraph("other");
    other.output(other.op("Neg", cond));

    ifNode.setAttribute(Attribute.of("then_branch", other.graph()));

    assertThat(x.uses()).as("the old body is gone").isEmpty();
    assertThat(cond.uses()).hasSize(2);
    assertThat(then.graph().parent()).isNull();
    assertThat(other.graph().parent()).isSameAs(graph);
  }

  @Test
  void removeInitializerThatIsStillUsedLeavesTheInitializersAsTheyWere() {
    Value w1 = b.initializer("w1", TestTensors.floats(2));
    Value w2 = b.initializer("w2", TestTensors.floats(2));
    b.op("Add", w1, x);

    assertThatThrownBy(() -> graph.removeInitializer(w1)).isInstanceOf(IllegalStateException.class);

    assertThat(graph.initializers()).containsExactly(w1, w2);
  }
}
