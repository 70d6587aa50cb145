package dev.scalpel.graph.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.TestTensors;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.traverse.GraphVerifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphBuilderTest {
  private final GraphBuilder b = GraphBuilder.create(21);
  private final Value x = b.input("x", DataType.FLOAT, Shape.of(1, 4));

  @Test
  void emitsNodesInProgramOrder() {
    Value w = b.initializer("w", TestTensors.floats(4));
    Value y = b.op("Relu", b.op("Add", x, w));
    b.output(y);

    Graph g = b.graph();
    assertThat(g.nodes()).extracting(Node::opType).containsExactly("Add", "Relu");
    assertThat(g.inputs()).containsExactly(x);
    assertThat(g.initializers()).containsExactly(w);
    assertThat(g.outputs()).containsExactly(y);
    assertThat(x.type()).isEqualTo(ValueType.tensor(DataType.FLOAT, Shape.of(1, 4)));
    assertThat(y.producer().input(0).producer().inputs()).containsExactly(x, w);
  }

  @Test
  void setsAttributesAndOmitsOptionalInputs() {
    Value y = b.op("Clip", x, null, b.constant(TestTensors.floats(1)));
    Value s = b.op("Softmax", List.of(y), Attribute.of("axis", 1L));

    assertThat(y.producer().inputs()).hasSize(3).containsNull();
    assertThat(s.producer().intAttribute("axis", -1)).isEqualTo(1);
  }

  @Test
  void emitsMultiOutputNodes() {
    List<Value> parts = b.ops("Split", 3, List.of(x), Attribute.of("axis", 1L));

    assertThat(parts).hasSize(3);
    assertThat(parts).extracting(Value::producer).containsOnly(parts.get(0).producer());
    assertThat(parts).extracting(Value::name).doesNotHaveDuplicates();
  }

  @Test
  void namesNodesAndValuesFreshly() {
    Set<String> nodeNames = new HashSet<>();
    Set<String> valueNames = new HashSet<>(Set.of("x"));
    for (int i = 0; i < 5; i++) {
      Value v = b.op("Relu", x);
      assertThat(nodeNames.add(v.producer().name())).isTrue();
      assertThat(valueNames.add(v.name())).isTrue();
    }
  }

  @Test
  void constantIsAFreshlyNamedInitializer() {
    Value c1 = b.constant(TestTensors.floats(2));
    Value c2 = b.constant(TestTensors.floats(2));

    assertThat(c1.isInitializer()).isTrue();
    assertThat(c1.constantValue()).isPresent();
    assertThat(c1.name()).isNotEqualTo(c2.name());
    assertThat(b.graph().nodeCount()).isZero();
  }

  @Test
  void refusesANameInUse() {
    assertThatThrownBy(() -> b.input("x", DataType.FLOAT, Shape.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x'");
    assertThatThrownBy(() -> b.initializer("x", TestTensors.floats(1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emitsCustomDomainsAndImportsThem() {
    Value y = b.domain("com.example", 3).op("Gelu", x);
    Value z = b.op("Relu", y);

    assertThat(y.producer().domain()).isEqualTo("com.example");
    assertThat(z.producer().isDefaultDomain()).isTrue();
    Model model = b.model();
    assertThat(model.opsetImports().asMap()).containsEntry("", 21L).containsEntry("com.example", 3L);
  }

  @Test
  void modelHasIrVersionAndOpsets() {
    b.output(b.op("Relu", x));

    Model model = b.irVersion(9).model();

    assertThat(model.irVersion()).isEqualTo(9);
    assertThat(model.opsetImports().defaultVersion()).hasValue(21);
    assertThat(model.graph()).isSameAs(b.graph());
    assertThat(GraphBuilder.create(18).model().irVersion()).isEqualTo(GraphBuilder.DEFAULT_IR_VERSION);
  }

  @Test
  void subgraphNamesNeverCollideWithTheOuterGraph() {
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    Value outer = b.op("Relu", x);
    GraphBuilder then = b.subgraph("then");
    Value inner = then.op("Relu", outer);
    then.output(inner);
    b.output(b.op("If", List.of(cond), Attribute.of("then_branch", then.graph())));

    assertThat(inner.name()).isNotEqualTo(outer.name());
    assertThat(inner.producer().name()).isNotEqualTo(outer.producer().name());
    assertThat(GraphVerifier.verify(b.model())).isEmpty();
    assertThatThrownBy(then::model).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void emitsIntoAnExistingGraph() {
    Node first = b.op("Relu", x).producer();
    GraphBuilder more = new GraphBuilder(b.graph());

    Value y = more.op("Relu", x);

    assertThat(y.producer().name()).isNotEqualTo(first.name());
    assertThat(b.graph().nodes()).containsExactly(first, y.producer());
  }

  @Test
  void aBuiltModelSurvivesAWriteAndRead() {
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Neg", x));
    GraphBuilder otherwise = b.subgraph("else");
    otherwise.output(otherwise.op("Identity", x));
    b.output(b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()),
        Attribute.of("else_branch", otherwise.graph())));
    byte[] bytes = OnnxWriter.toBytes(b.model());

    Model read = OnnxReader.read(bytes);

    assertThat(GraphVerifier.verify(read)).isEmpty();
    assertThat(OnnxWriter.toBytes(read)).isEqualTo(bytes);
  }
}
