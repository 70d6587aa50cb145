package dev.scalpel.graph.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.traverse.GraphVerifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeBuilderTest {
  private final GraphBuilder b = GraphBuilder.create(21);
  private final Graph graph = b.graph();
  private final Value x = b.input("x", DataType.FLOAT, Shape.of(2));

  @Test
  void aNodeGetsFreshNamesTypedAttributesAndAPlaceAfterItsInputsProducers() {
    Value relu = b.op("Relu", x);
    Value tail = b.op("Neg", x);
    b.output(tail);

    Node n = graph.newNode("LeakyRelu").inputs(relu).attr("alpha", 0.1).outputs(1);

    assertThat(graph.nodes()).containsExactly(relu.producer(), n, tail.producer());
    assertThat(n.attribute("alpha").orElseThrow().type()).isEqualTo(Attribute.Type.FLOAT);
    assertThat(n.floatAttribute("alpha", 0)).isEqualTo(0.1f);
    assertThat(n.name()).isNotEmpty().isNotEqualTo(relu.producer().name());
    assertThat(n.output(0).name()).isNotEmpty().isNotIn(relu.name(), tail.name(), "x");
    assertThat(n.isDefaultDomain()).isTrue();
  }

  @Test
  void attributesOfEveryCommandLineKind() {
    Node n = graph.newNode("Foo").domain("com.example").inputs(x)
        .attr("i", 3).attr("f", 0.5f).attr("s", "hi").attr("is", new long[] {1, 2}).attr("fs", new float[] {1f})
        .outputs(1);

    assertThat(n.attributes().values()).extracting(Attribute::type).containsExactly(Attribute.Type.INT,
        Attribute.Type.FLOAT, Attribute.Type.STRING, Attribute.Type.INTS, Attribute.Type.FLOATS);
    assertThat(n.attribute("i").orElseThrow().asLong()).isEqualTo(3L);
    assertThat(n.domain()).isEqualTo("com.example");
  }

  @Test
  void namesCanBeGivenAndMustBeFree() {
    Node n = graph.newNode("Split").name("split0").inputs(x).outputNames("lo", "hi").outputs(2);

    assertThat(n.name()).isEqualTo("split0");
    assertThat(n.outputs()).extracting(Value::name).containsExactly("lo", "hi");
    assertThatThrownBy(() -> graph.newNode("Relu").name("split0").inputs(x).output())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'split0'");
    assertThatThrownBy(() -> graph.newNode("Relu").inputs(x).outputNames("lo").output())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'lo'");
    assertThatThrownBy(() -> graph.newNode("Relu").inputs(x).outputNames("a", "b").output())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 output names given for 1 outputs");
    assertThat(graph.nodeCount()).isEqualTo(1);
  }

  @Test
  void anOmittedOptionalInputIsAnEmptySlotAndNullIsRefused() {
    Value scales = b.constant(dev.scalpel.graph.tensor.DenseTensor.ofFloats("s", new long[] {1}, 2f));
    Node resize = graph.newNode("Resize").inputs(x).omittedInput().inputs(scales).outputs(1);

    assertThat(resize.inputs()).containsExactly(x, null, scales);
    assertThatThrownBy(() -> graph.newNode("Add").inputs(x, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("omittedInput()");
  }

  @Test
  void aNodeOfASubgraphMayReadTheEnclosingGraphsValues() {
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Identity", x));
    GraphBuilder otherwise = b.subgraph("else");
    otherwise.output(otherwise.op("Identity", x));
    Value cond = b.input("c", DataType.BOOL, Shape.of(new long[0]));
    Value y = b.ops("If", 1, List.of(cond), Attribute.of("then_branch", then.graph()),
        Attribute.of("else_branch", otherwise.graph())).get(0);
    b.output(y);

    Value neg = then.graph().newNode("Neg").inputs(x).output();

    assertThat(neg.producer().graph()).isSameAs(then.graph());
    assertThat(then.graph().nodes().get(0)).isSameAs(neg.producer());
    assertThat(GraphVerifier.verify(b.model())).isEmpty();
  }
}
