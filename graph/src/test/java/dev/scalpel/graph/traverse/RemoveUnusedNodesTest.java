package dev.scalpel.graph.traverse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.TestTensors;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.traverse.RemoveUnusedNodes.Result;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoveUnusedNodesTest {
  private final GraphBuilder b = GraphBuilder.create(21);
  private final Graph graph = b.graph();
  private final Value x = b.input("x", DataType.FLOAT, Shape.of(2));

  @Test
  void removesADeadChainAndKeepsWhatOutputsNeed() {
    Value live = b.op("Relu", x);
    Value dead = b.op("Exp", b.op("Neg", live));
    b.op("Abs", dead);
    b.output(live);

    Result result = RemoveUnusedNodes.run(b.model());

    assertThat(result).isEqualTo(new Result(3, 0));
    assertThat(graph.nodes()).containsExactly(live.producer());
    assertThat(live.uses()).isEmpty();
  }

  @Test
  void dropsDeclarationsOfValuesNothingHoldsAndKeepsLiveOnes() {
    Value mid = b.op("Relu", x);
    Value out = b.op("Neg", mid);
    b.output(out);
    graph.declareValueInfo(mid);
    Value orphan = new Value("orphan", new dev.scalpel.graph.ValueType.TensorType(DataType.FLOAT, Shape.of(2), ""));
    graph.declareValueInfo(orphan);
    Value gone = b.op("Exp", x);
    graph.declareValueInfo(gone);

    RemoveUnusedNodes.run(b.model());

    assertThat(graph.valueInfos()).containsExactly(mid);
  }

  @Test
  void removesADeadChainInAnyNodeOrder() {
    Value a = b.op("Neg", x);
    Value c = b.op("Exp", a);
    b.op("Abs", c);
    List<Node> reversed = new ArrayList<>(graph.nodes());
    Collections.reverse(reversed);
    graph.reorder(reversed);

    assertThat(RemoveUnusedNodes.run(b.model()).nodesRemoved()).isEqualTo(3);
    assertThat(graph.nodeCount()).isZero();
  }

  @Test
  void keepsNodesOfCustomDomainsOnlyWhenTheirOutputsAreUsed() {
    Value kept = b.domain("com.example", 1).op("Keep", x);
    b.domain("com.example", 1).op("Drop", x);
    b.output(kept);

    assertThat(RemoveUnusedNodes.run(b.model()).nodesRemoved()).isEqualTo(1);
    assertThat(graph.nodes()).extracting(Node::opType).containsExactly("Keep");
  }

  @Test
  void removesUnusedInitializersIncludingThoseOnlyDeadNodesRead() {
    Value used = b.initializer("used", TestTensors.floats(2));
    b.initializer("unread", TestTensors.floats(2));
    Value deadOnly = b.initializer("deadOnly", TestTensors.floats(2));
    b.op("Mul", x, deadOnly);
    b.output(b.op("Add", x, used));

    Result result = RemoveUnusedNodes.run(b.model());

    assertThat(result).isEqualTo(new Result(1, 2));
    assertThat(graph.initializers()).containsExactly(used);
  }

  @Test
  void keepsInitializersThatAreGraphInputsOrOutputs() {
    Value feedable = b.initializer("feedable", TestTensors.floats(2));
    graph.addInput(feedable);
    Value returned = b.initializer("returned", TestTensors.floats(2));
    b.output(returned);

    assertThat(RemoveUnusedNodes.run(b.model()).isEmpty()).isTrue();
    assertThat(graph.initializers()).containsExactly(feedable, returned);
  }

  @Test
  void removesDeadNodesInSubgraphsAndWhatOnlyTheyRead() {
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    Value w = b.initializer("w", TestTensors.floats(2));
    Value onlyReadInside = b.op("Neg", x);
    GraphBuilder then = b.subgraph("then");
    then.op("Add", onlyReadInside, w); // dead inside the branch
    then.output(then.op("Relu", x));
    b.output(b.op("If", List.of(cond), Attribute.of("then_branch", then.graph())));

    Result result = RemoveUnusedNodes.run(b.model());

    assertThat(result).isEqualTo(new Result(2, 1));
    assertThat(then.graph().nodes()).extracting(Node::opType).containsExactly("Relu");
    assertThat(graph.nodes()).extracting(Node::opType).containsExactly("If");
    assertThat(GraphVerifier.verify(b.model())).isEmpty();
  }

  @Test
  void removesADeadNodeWithASubgraphAndTheValuesItCaptured() {
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    Value captured = b.op("Neg", x);
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Relu", captured));
    b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()));

    assertThat(RemoveUnusedNodes.run(b.model()).nodesRemoved()).isEqualTo(2);
    assertThat(graph.nodeCount()).isZero();
  }

  @Test
  void cleansFunctionBodies() {
    Model model = b.model();
    GraphBuilder body = new GraphBuilder(new Graph("F"));
    Value a = body.input("a", DataType.FLOAT, Shape.of(2));
    body.op("Neg", a);
    body.output(body.op("Relu", a));
    model.functions().add(new dev.scalpel.graph.Function("custom", "F", body.graph()));

    assertThat(RemoveUnusedNodes.run(model).nodesRemoved()).isEqualTo(1);
    assertThat(body.graph().nodes()).extracting(Node::opType).containsExactly("Relu");
  }

  @Test
  void aSecondRunRemovesNothing() {
    Value w = b.initializer("w", TestTensors.floats(2));
    b.op("Exp", b.op("Add", x, w));
    b.output(b.op("Relu", x));
    Model model = b.model();

    assertThat(RemoveUnusedNodes.run(model).isEmpty()).isFalse();
    assertThat(RemoveUnusedNodes.run(model)).isEqualTo(new Result(0, 0));
  }
}
