package dev.scalpel.graph.traverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jgrapht.alg.cycle.CycleDetector;
import org.junit.jupiter.api.Test;

class GraphViewTest {
  private final GraphBuilder b = GraphBuilder.create(21);
  private final Graph graph = b.graph();
  private final Value x = b.input("x", DataType.FLOAT, Shape.of(2));

  @Test
  void hasOneEdgePerInputSlotThatReadsANodeOutput() {
    Value r = b.op("Relu", x);
    Value sq = b.op("Mul", r, r);
    List<Value> halves = b.ops("Split", 2, List.of(sq));
    b.op("Add", halves.get(1), x);

    org.jgrapht.Graph<Node, DataEdge> view = GraphView.of(graph);

    assertThat(view.vertexSet()).containsExactlyElementsOf(graph.nodes());
    Set<DataEdge> fromUses = new HashSet<>();
    for (Node n : graph) {
      for (Value out : n.outputs()) {
        for (Usage u : out.uses()) {
          fromUses.add(new DataEdge(n, u.node(), out, u.inputIndex()));
        }
      }
    }
    assertThat(view.edgeSet()).containsExactlyInAnyOrderElementsOf(fromUses).hasSize(4);
    assertThat(view.getAllEdges(r.producer(), sq.producer())).hasSize(2);
  }

  @Test
  void aValueCapturedByASubgraphGivesOneCaptureEdge() {
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    Value r = b.op("Relu", x);
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Add", r, then.op("Neg", r)));
    Node ifNode = b.op("If", List.of(cond), Attribute.of("then_branch", then.graph())).producer();

    org.jgrapht.Graph<Node, DataEdge> view = GraphView.of(graph);

    assertThat(view.edgeSet()).containsExactly(new DataEdge(r.producer(), ifNode, r, DataEdge.CAPTURE));
    assertThat(view.edgeSet().iterator().next().isCapture()).isTrue();
  }

  @Test
  void isAnUnmodifiableSnapshot() {
    Value r = b.op("Relu", x);
    org.jgrapht.Graph<Node, DataEdge> view = GraphView.of(graph);
    b.op("Neg", r);

    assertThat(view.vertexSet()).hasSize(1);
    assertThatThrownBy(() -> view.addVertex(r.producer())).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void cycleDetectorAgreesWithTopologicalOrder() {
    Value a = b.op("Relu", x);
    Value c = b.op("Neg", a);
    b.op("Abs", c);
    assertThat(new CycleDetector<>(GraphView.of(graph)).detectCycles()).isFalse();
    assertThat(TopologicalOrder.of(graph)).hasSize(3);

    a.producer().replaceInput(0, c);

    CycleDetector<Node, DataEdge> detector = new CycleDetector<>(GraphView.of(graph));
    assertThat(detector.detectCycles()).isTrue();
    assertThat(detector.findCycles()).containsExactlyInAnyOrder(a.producer(), c.producer());
    assertThatThrownBy(() -> TopologicalOrder.of(graph)).isInstanceOf(InvalidModelException.class);
  }

  @Test
  void cycleDetectorSeesCyclesThroughCaptures() {
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    Value r = b.op("Relu", x);
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Neg", r));
    Value out = b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()));
    r.producer().replaceInput(0, out);

    List<Node> onCycle = new ArrayList<>(new CycleDetector<>(GraphView.of(graph)).findCycles());

    assertThat(onCycle).containsExactlyInAnyOrder(r.producer(), out.producer());
    assertThatThrownBy(() -> TopologicalOrder.of(graph)).isInstanceOf(InvalidModelException.class);
  }
}
