package dev.scalpel.graph.traverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologicalOrderTest {
  private final GraphBuilder b = GraphBuilder.create(21);
  private final Graph graph = b.graph();
  private final Value x = b.input("x", DataType.FLOAT, Shape.of(2));

  @Test
  void keepsTheOrderOfASortedGraph() {
    Value a = b.op("Relu", x);
    Value c = b.op("Neg", x); // independent of a: any order would do, the given one stays
    b.op("Add", a, c);
    List<Node> before = graph.nodes();

    assertThat(TopologicalOrder.of(graph)).containsExactlyElementsOf(before);
    assertThat(TopologicalOrder.isSorted(graph)).isTrue();
  }

  @Test
  void sortsAnUnsortedGraphStably() {
    Node relu = b.op("Relu", x).producer();
    Node neg = b.op("Neg", relu.output(0)).producer();
    Node abs = b.op("Abs", x).producer();
    graph.reorder(List.of(neg, abs, relu));
    assertThat(TopologicalOrder.isSorted(graph)).isFalse();

    TopologicalOrder.sort(graph);

    assertThat(graph.nodes()).containsExactly(abs, relu, neg);
    assertThat(TopologicalOrder.isSorted(graph)).isTrue();
  }

  @Test
  void reportsACycleByNodeNames() {
    Value a = b.op("Relu", x);
    Value c = b.op("Neg", a);
    a.producer().replaceInput(0, c);

    assertThatThrownBy(() -> TopologicalOrder.of(graph))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("cycle")
        .hasMessageContaining(a.producer().name())
        .hasMessageContaining(c.producer().name());
  }

  @Test
  void aNodeReadingItsOwnOutputIsACycle() {
    Value a = b.op("Add", x, x);
    a.producer().replaceInput(1, a);

    assertThatThrownBy(() -> TopologicalOrder.of(graph))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining(a.producer().name());
  }

  @Test
  void aValueCapturedByASubgraphOrdersItsProducerFirst() {
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    Node producer = b.op("Relu", x).producer();
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Neg", producer.output(0)));
    Node ifNode = b.op("If", List.of(cond), Attribute.of("then_branch", then.graph())).producer();
    graph.reorder(List.of(ifNode, producer));

    assertThat(TopologicalOrder.of(graph)).containsExactly(producer, ifNode);
  }

  @Test
  void sortRecursesIntoSubgraphs() {
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    GraphBuilder then = b.subgraph("then");
    Node first = then.op("Relu", x).producer();
    Node second = then.op("Neg", first.output(0)).producer();
    then.output(second.output(0));
    b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()));
    List<Node> reversed = new ArrayList<>(then.graph().nodes());
    Collections.reverse(reversed);
    then.graph().reorder(reversed);

    TopologicalOrder.sort(graph);

    assertThat(then.graph().nodes()).containsExactly(first, second);
  }
}
