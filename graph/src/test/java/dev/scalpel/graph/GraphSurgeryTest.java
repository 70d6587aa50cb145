package dev.scalpel.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.traverse.GraphVerifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The graphsurgeon vocabulary on {@link Graph}: lookups by name, a node inserted after a value
 * (graph inputs and initializers included), a node bypassed, and removal that explains itself.
 * Each rewiring is checked against the graph's verifier (SSA, use lists, acyclic, sorted).
 */
class GraphSurgeryTest {
  private final GraphBuilder b = GraphBuilder.create(21);
  private final Graph graph = b.graph();
  private final Value x = b.input("x", DataType.FLOAT, Shape.of(2));

  // ---------------------------------------------------------------- the NullPointerException of old

  @Test
  void insertAfterTheProducerOfAGraphInputIsAClearErrorNotANullPointerException() {
    b.output(b.op("Relu", x));
    Node neg = new Node(null, "Neg", List.of(x), List.of("n"), List.of());

    // x is a graph input: x.producer() is null. This threw a NullPointerException.
    assertThatThrownBy(() -> graph.insertAfter(x.producer(), neg))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("newNode");
  }

  @Test
  void aNodeInsertedAfterAGraphInputReadsItAndTheOldReadersReadTheNode() {
    Value relu = b.op("Relu", x);
    b.output(relu);

    Node neg = graph.newNode("Neg").insertAfter(x);

    assertThat(neg.inputs()).containsExactly(x);
    assertThat(relu.producer().inputs()).containsExactly(neg.output(0));
    assertThat(x.consumers()).containsExactly(neg);
    assertThat(graph.nodes()).containsExactly(neg, relu.producer());
    assertThat(GraphVerifier.verify(b.model())).isEmpty();
  }

  @Test
  void aNodeInsertedAfterAnInitializerGoesBeforeItsReaders() {
    Value w = b.constant(DenseTensor.ofFloats("w", new long[] {2}, 1f, 2f));
    Value sum = b.op("Add", x, w);
    b.output(sum);

    Node abs = graph.newNode("Abs").insertAfter(w);

    assertThat(sum.producer().inputs()).containsExactly(x, abs.output(0));
    assertThat(GraphVerifier.verify(b.model())).isEmpty();
  }

  // ---------------------------------------------------------------- insert after a value

  @Test
  void insertAfterAGraphOutputKeepsTheOutputsNameOnTheNewValue() {
    Value relu = b.op("Relu", x);
    Value neg = b.op("Neg", relu);
    b.output(relu);
    String name = relu.name();

    Node sig = graph.newNode("Sigmoid").insertAfter(relu);

    assertThat(graph.outputs()).containsExactly(sig.output(0));
    assertThat(sig.output(0).name()).isEqualTo(name);
    assertThat(relu.name()).isNotEqualTo(name);
    assertThat(neg.producer().inputs()).containsExactly(sig.output(0));
    assertThat(sig.inputs()).containsExactly(relu);
    assertThat(GraphVerifier.verify(b.model())).isEmpty();
  }

  @Test
  void insertAfterWithMoreInputsAppendsThemAndPlacesTheNodeAfterTheirProducers() {
    Value relu = b.op("Relu", x);
    Value late = b.op("Abs", x); // produced after relu
    Value out = b.op("Neg", relu);
    b.output(out);

    Node add = graph.newNode("Add").inputs(late).insertAfter(relu);

    assertThat(add.inputs()).containsExactly(relu, late);
    assertThat(out.producer().inputs()).containsExactly(add.output(0));
    assertThat(GraphVerifier.verify(b.model())).isEmpty();
  }

  @Test
  void insertAfterRefusesAnInputComputedFromTheValueBecauseThatWouldBeACycle() {
    Value relu = b.op("Relu", x);
    Value fromRelu = b.op("Neg", relu);
    b.output(fromRelu);
    int before = graph.nodeCount();

    assertThatThrownBy(() -> graph.newNode("Add").inputs(fromRelu).insertAfter(relu))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cycle")
        .hasMessageContaining(fromRelu.name());
    assertThat(graph.nodeCount()).isEqualTo(before);
    assertThat(GraphVerifier.verify(b.model())).isEmpty();
  }

  @Test
  void insertAfterTheSameValueTwiceChainsTheNodes() {
    Value relu = b.op("Relu", x);
    b.output(relu);

    Node first = graph.newNode("Neg").insertAfter(relu);
    Node second = graph.newNode("Abs").insertAfter(relu);

    assertThat(second.inputs()).containsExactly(relu);
    assertThat(first.inputs()).containsExactly(second.output(0));
    assertThat(graph.outputs()).containsExactly(first.output(0));
    assertThat(GraphVerifier.verify(b.model())).isEmpty();
  }

  @Test
  void insertBeforeAValueGivesTheNewNodeItsName() {
    Value relu = b.op("Relu", x);
    Value neg = b.op("Neg", relu);
    b.output(neg);
    String name = relu.name();

    Node abs = graph.newNode("Abs").insertBefore(relu);

    assertThat(abs.output(0).name()).isEqualTo(name);
    assertThat(abs.inputs()).containsExactly(relu);
    assertThat(neg.producer().inputs()).containsExactly(abs.output(0));
    assertThat(GraphVerifier.verify(b.model())).isEmpty();
  }

  @Test
  void insertBeforeAGraphInputIsRefused() {
    b.output(b.op("Relu", x));

    assertThatThrownBy(() -> graph.newNode("Abs").insertBefore(x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("graph input");
  }

  @Test
  void aValueOfAnotherGraphIsRefused() {
    Value other = GraphBuilder.create(21).input("y", DataType.FLOAT, Shape.of(2));

    assertThatThrownBy(() -> graph.newNode("Abs").insertAfter(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'y'");
    assertThatThrownBy(() -> graph.newNode("Abs").inputs(other).output())
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- bypass

  @Test
  void bypassMakesTheReadersOfTheOutputReadTheDataInput() {
    Value relu = b.op("Relu", x);
    Value drop = b.op("Dropout", relu);
    Value neg = b.op("Neg", drop);
    b.output(neg);

    graph.bypass(drop.producer());

    assertThat(neg.producer().inputs()).containsExactly(relu);
    assertThat(graph.nodes()).extracting(Node::opType).containsExactly("Relu", "Neg");
    assertThat(GraphVerifier.verify(b.model())).isEmpty();
  }

  @Test
  void bypassIgnoresConstantInputsWhenFindingTheDataInput() {
    Value shape = b.constant(DenseTensor.vector("shape", 2));
    Value reshaped = b.op("Reshape", x, shape);
    Value neg = b.op("Neg", reshaped);
    b.output(neg);

    graph.bypass(reshaped.producer());

    assertThat(neg.producer().inputs()).containsExactly(x);
  }

  @Test
  void bypassOfANodeWithOneConstantInputPassesThatInputThrough() {
    Value w = b.constant(DenseTensor.ofFloats("w", new long[] {2}, 1f, 2f));
    Value copy = b.op("Identity", w);
    Value sum = b.op("Add", x, copy);
    b.output(sum);

    graph.bypass(copy.producer());

    assertThat(sum.producer().inputs()).containsExactly(x, w);
  }

  @Test
  void bypassOfANodeProducingAGraphOutputKeepsTheOutputsName() {
    Value relu = b.op("Relu", x);
    Value neg = b.op("Neg", relu);
    b.output(neg);
    String name = neg.name();

    graph.bypass(neg.producer());

    assertThat(graph.outputs()).containsExactly(relu);
    assertThat(relu.name()).isEqualTo(name);
    assertThat(GraphVerifier.verify(b.model())).isEmpty();
  }

  @Test
  void bypassRefusesWhenTheOutputWouldLoseItsNameToAGraphInput() {
    Value neg = b.op("Neg", x);
    b.output(neg);

    assertThatThrownBy(() -> graph.bypass(neg.producer()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("graph input 'x'");
    assertThat(graph.nodeCount()).isEqualTo(1);
  }

  @Test
  void bypassRefusesTwoDataInputsAndNamesThem() {
    Value y = b.input("y", DataType.FLOAT, Shape.of(2));
    Value sum = b.op("Add", x, y);
    b.output(b.op("Neg", sum));

    assertThatThrownBy(() -> graph.bypass(sum.producer()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x'")
        .hasMessageContaining("'y'");

    graph.bypass(sum.producer(), 1);
    assertThat(GraphVerifier.verify(b.model())).isEmpty();
    assertThat(graph.nodes()).extracting(Node::opType).containsExactly("Neg");
    assertThat(graph.nodes().get(0).inputs()).containsExactly(y);
  }

  @Test
  void bypassRefusesANodeWhoseSecondOutputIsRead() {
    List<Value> outs = b.ops("Dropout", 2, List.of(x));
    b.output(b.op("Neg", outs.get(0)), b.op("Not", outs.get(1)));

    assertThatThrownBy(() -> graph.bypass(outs.get(0).producer()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(outs.get(1).name());
  }

  // ---------------------------------------------------------------- remove

  @Test
  void removeOfANodeProducingAGraphOutputNamesTheOutputAndOffersTheBypass() {
    Value relu = b.op("Relu", x);
    b.output(relu);

    assertThatThrownBy(() -> graph.remove(relu.producer()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("graph output '" + relu.name() + "'")
        .hasMessageContaining("bypass");
  }

  // ---------------------------------------------------------------- lookups

  @Test
  void lookupsFindInputsInitializersNodeOutputsAndNodesByName() {
    Value w = b.initializer("w", DenseTensor.ofFloats("w", new long[] {2}, 1f, 2f));
    Value sum = b.op("Add", x, w);
    b.output(sum);

    assertThat(graph.value("x")).isSameAs(x);
    assertThat(graph.value("w")).isSameAs(w);
    assertThat(graph.value(sum.name())).isSameAs(sum);
    assertThat(graph.node(sum.producer().name())).isSameAs(sum.producer());
    assertThat(graph.findValue("nope")).isEmpty();
    assertThat(graph.tensors()).containsOnlyKeys("x", "w", sum.name());
    assertThat(graph.nodes("Add")).containsExactly(sum.producer());
    assertThatThrownBy(() -> graph.value("nope"))
        .isInstanceOf(java.util.NoSuchElementException.class)
        .hasMessageContaining("'nope'");
  }

  @Test
  void modelValueFindsValuesInSubgraphs() {
    GraphBuilder then = b.subgraph("then");
    Value inner = then.op("Neg", x);
    then.output(inner);
    GraphBuilder otherwise = b.subgraph("else");
    otherwise.output(otherwise.op("Abs", x));
    Value cond = b.input("c", DataType.BOOL, Shape.of(new long[0]));
    Value y = b.ops("If", 1, List.of(cond), Attribute.of("then_branch", then.graph()),
        Attribute.of("else_branch", otherwise.graph())).get(0);
    b.output(y);
    Model model = b.model();

    assertThat(model.value(inner.name())).isSameAs(inner);
    assertThat(model.value("x")).isSameAs(x);
    assertThat(graph.findValue(inner.name())).isEmpty();
  }
}
