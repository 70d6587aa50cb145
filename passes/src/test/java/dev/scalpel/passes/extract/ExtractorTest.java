package dev.scalpel.passes.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.traverse.GraphVerifier;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExtractorTest {
  /**
   * x[2,3] -> Add(x, w1) = a -> Relu = r -> Mul(r, w2) = m -> Sigmoid = y (output);
   * Neg(x) = n -> Add(n, r) = z (output); Add(w1, w2) = c (constants only).
   * No value but the inputs is typed: inference gives the rest.
   */
  private static Model chain() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 3));
    Value w1 = b.initializer("w1", DenseTensor.ofFloats("w1", new long[] {3}, 1, 2, 3));
    Value w2 = b.initializer("w2", DenseTensor.ofFloats("w2", new long[] {3}, 4, 5, 6));
    named(b.op("Add", x, w1), "a");
    Value r = named(b.op("Relu", value(b, "a")), "r");
    Value m = named(b.op("Mul", r, w2), "m");
    Value y = named(b.op("Sigmoid", m), "y");
    Value n = named(b.op("Neg", x), "n");
    Value z = named(b.op("Add", n, r), "z");
    named(b.op("Add", w1, w2), "c");
    b.output(y, z);
    return b.model();
  }

  private static Value named(Value v, String name) {
    v.setName(name);
    return v;
  }

  private static Value value(GraphBuilder b, String name) {
    for (Node n : b.graph()) {
      for (Value v : n.outputs()) {
        if (v.name().equals(name)) {
          return v;
        }
      }
    }
    throw new AssertionError(name);
  }

  private static List<String> names(List<Value> values) {
    return values.stream().map(Value::name).toList();
  }

  private static List<String> ops(Model m) {
    return m.graph().nodes().stream().map(Node::opType).toList();
  }

  @Test
  void cutsBetweenAMidGraphTensorAndAnOutputWithTheInferredType() {
    Model original = chain();
    Model cut = Extractor.extract(original, List.of("r"), List.of("y"));

    assertThat(GraphVerifier.verify(cut)).isEmpty();
    assertThat(ops(cut)).containsExactly("Mul", "Sigmoid");
    assertThat(names(cut.graph().inputs())).containsExactly("r");
    assertThat(names(cut.graph().outputs())).containsExactly("y");
    assertThat(names(cut.graph().initializers())).containsExactly("w2");
    // r = Relu(Add(x[2,3], w1[3])) is float32[2,3]: nothing declared it, inference filled it in
    assertThat(cut.graph().inputs().get(0).type()).isEqualTo(ValueType.tensor(DataType.FLOAT, Shape.of(2, 3)));
    assertThat(cut.graph().nodes().get(0).input(0)).isSameAs(cut.graph().inputs().get(0));
    // the original is untouched
    assertThat(ops(original)).hasSize(7);
    assertThat(names(original.graph().inputs())).containsExactly("x");
  }

  @Test
  void aCutThatIsNotClosedNamesTheValueAndTheNodeAndChangesNothing() {
    Model m = chain();
    Extractor extractor = new Extractor(ExtractInput.named(List.of("r")), List.of("z"));

    assertThatThrownBy(() -> extractor.apply(m))
        .isInstanceOfSatisfying(ExtractException.class, e -> {
          assertThat(e.kind()).isEqualTo(ExtractException.Kind.NOT_CLOSED);
          // z = Add(n, r): r is in the cut, n = Neg(x) is not: the leak is n, read by that Add
          assertThat(e.tensor()).isEqualTo("n");
        })
        .hasMessageContaining("Add 'Add_0' needs 'n', which is computed outside the cut")
        .hasMessageContaining("output 'z'");
    assertThat(ops(m)).hasSize(7);
    assertThat(names(m.graph().inputs())).containsExactly("x");
    assertThat(names(m.graph().outputs())).containsExactly("y", "z");
  }

  @Test
  void anOutputOutsideTheCutReadsNoneOfTheInputs() {
    assertThatThrownBy(() -> Extractor.extract(chain(), List.of("r"), List.of("x")))
        .isInstanceOfSatisfying(ExtractException.class, e -> assertThat(e.kind()).isEqualTo(ExtractException.Kind.INDEPENDENT_OUTPUT))
        .hasMessageContaining("output 'x' reads none of the inputs: it is computed from tensors outside the cut");
  }

  @Test
  void addingTheTensorANotClosedErrorNamesClosesTheCut() {
    Model cut = Extractor.extract(chain(), List.of("r", "n"), List.of("z"));
    assertThat(GraphVerifier.verify(cut)).isEmpty();
    assertThat(ops(cut)).containsExactly("Add");
  }

  @Test
  void unknownNamesAndOutputsOfConstantsAreRefused() {
    assertThatThrownBy(() -> Extractor.extract(chain(), List.of("nope"), List.of("y")))
        .isInstanceOfSatisfying(ExtractException.class, e -> assertThat(e.kind()).isEqualTo(ExtractException.Kind.NO_SUCH_TENSOR))
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> Extractor.extract(chain(), List.of("r"), List.of("c")))
        .isInstanceOfSatisfying(ExtractException.class, e -> assertThat(e.kind()).isEqualTo(ExtractException.Kind.INDEPENDENT_OUTPUT))
        .hasMessageContaining("'c' reads none of the inputs: it is computed from constants alone");
    assertThatThrownBy(() -> Extractor.extract(chain(), List.of("r", "r"), List.of("y")))
        .isInstanceOfSatisfying(ExtractException.class, e -> assertThat(e.kind()).isEqualTo(ExtractException.Kind.BAD_SPEC));
    assertThatThrownBy(() -> Extractor.extract(chain(), List.of("r"), List.of()))
        .isInstanceOfSatisfying(ExtractException.class, e -> assertThat(e.kind()).isEqualTo(ExtractException.Kind.BAD_SPEC));
  }

  @Test
  void inputsComeInTheOrderGivenAndAnOriginalInputCanStayOne() {
    Model cut = Extractor.extract(chain(), List.of("r", "x"), List.of("z", "y"));

    assertThat(GraphVerifier.verify(cut)).isEmpty();
    assertThat(names(cut.graph().inputs())).containsExactly("r", "x");
    assertThat(names(cut.graph().outputs())).containsExactly("z", "y");
    assertThat(ops(cut)).containsExactlyInAnyOrder("Mul", "Sigmoid", "Neg", "Add");
    assertThat(names(cut.graph().initializers())).containsExactly("w2");
  }

  @Test
  void aGivenShapeIsPropagatedAndAContradictingTypeIsRefused() {
    Model m = chain();
    ExtractInput given = new ExtractInput("r", Optional.of(DataType.FLOAT), Optional.of(Shape.of(Dim.of("batch"), Dim.of(3))));
    new Extractor(List.of(given), List.of("y")).apply(m);

    assertThat(m.graph().inputs().get(0).shape()).contains(Shape.of(Dim.of("batch"), Dim.of(3)));
    // before the cut y was float32[2,3]; inferred again from the input it is [batch,3]
    assertThat(m.graph().outputs().get(0).shape()).contains(Shape.of(Dim.of("batch"), Dim.of(3)));

    ExtractInput wrongType = new ExtractInput("r", Optional.of(DataType.INT64), Optional.empty());
    assertThatThrownBy(() -> new Extractor(List.of(wrongType), List.of("y")).apply(chain()))
        .isInstanceOfSatisfying(ExtractException.class, e -> assertThat(e.kind()).isEqualTo(ExtractException.Kind.BAD_SPEC))
        .hasMessageContaining("float");
    ExtractInput wrongDim = new ExtractInput("r", Optional.empty(), Optional.of(Shape.of(2, 4)));
    assertThatThrownBy(() -> new Extractor(List.of(wrongDim), List.of("y")).apply(chain()))
        .hasMessageContaining("dim 1");
    ExtractInput wrongRank = new ExtractInput("r", Optional.empty(), Optional.of(Shape.of(6)));
    assertThatThrownBy(() -> new Extractor(List.of(wrongRank), List.of("y")).apply(chain()))
        .hasMessageContaining("rank 2");
  }

  @Test
  void anInputOfUnknownElementTypeNeedsOneGiven() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(4));
    Value u = named(b.domain("custom.ops", 1).op("Mystery", x), "u");
    b.output(named(b.op("Relu", u), "y"));
    Model m = b.model();

    assertThatThrownBy(() -> Extractor.extract(m, List.of("u"), List.of("y")))
        .isInstanceOfSatisfying(ExtractException.class, e -> assertThat(e.kind()).isEqualTo(ExtractException.Kind.UNKNOWN_TYPE))
        .hasMessageContaining("u:SHAPE:DTYPE");
    new Extractor(List.of(ExtractInput.parse("u:[4]:float32")), List.of("y")).apply(m);
    assertThat(m.graph().inputs().get(0).type()).isEqualTo(ValueType.tensor(DataType.FLOAT, Shape.of(4)));
    assertThat(ops(m)).containsExactly("Relu");
  }

  /**
   * cond, x[3] -> Relu = r -> Neg = m; If(cond) then: Abs(r), else: Exp(m) (both captured) -> out.
   * {@code thenReadsX}: the then branch reads the graph input x instead of r.
   */
  private static Model withIf(boolean thenReadsX) {
    GraphBuilder b = GraphBuilder.create(17);
    Value cond = b.input("cond", DataType.BOOL, Shape.scalar());
    Value x = b.input("x", DataType.FLOAT, Shape.of(3));
    Value r = named(b.op("Relu", x), "r");
    Value m = named(b.op("Neg", r), "m");
    GraphBuilder then = b.subgraph("then");
    then.output(named(then.op("Abs", thenReadsX ? x : r), "then_out"));
    GraphBuilder otherwise = b.subgraph("else");
    otherwise.output(named(otherwise.op("Exp", m), "else_out"));
    Value out = named(b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()),
        Attribute.of("else_branch", otherwise.graph())), "out");
    b.output(out);
    return b.model();
  }

  @Test
  void valuesCapturedBySubgraphsAreReadFromTheCutInputsOrKeepTheirProducers() {
    Model cut = Extractor.extract(withIf(false), List.of("cond", "r"), List.of("out"));

    assertThat(GraphVerifier.verify(cut)).isEmpty();
    assertThat(ops(cut)).containsExactly("Neg", "If");
    Value r = cut.graph().inputs().get(1);
    assertThat(r.name()).isEqualTo("r");
    Node ifNode = cut.graph().nodes().get(1);
    Node abs = ifNode.subgraphs().get(0).nodes().get(0);
    assertThat(abs.input(0)).isSameAs(r);
    assertThat(r.consumers()).contains(abs);
  }

  @Test
  void aCapturedValueFromOutsideTheCutNamesTheNodeInTheSubgraph() {
    assertThatThrownBy(() -> Extractor.extract(withIf(true), List.of("cond", "r"), List.of("out")))
        .isInstanceOfSatisfying(ExtractException.class, e -> {
          assertThat(e.kind()).isEqualTo(ExtractException.Kind.NOT_CLOSED);
          assertThat(e.tensor()).isEqualTo("x");
        })
        .hasMessageContaining("Abs")
        .hasMessageContaining("in a subgraph of If");
  }

  @Test
  void aTensorInsideASubgraphIsNoCutPoint() {
    assertThatThrownBy(() -> Extractor.extract(withIf(false), List.of("then_out"), List.of("out")))
        .isInstanceOfSatisfying(ExtractException.class, e -> assertThat(e.kind()).isEqualTo(ExtractException.Kind.INSIDE_SUBGRAPH))
        .hasMessageContaining("If");
  }

  @Test
  void anInitializerThatIsAnInputOfTheOriginalStaysOneAfterTheCutInputs() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(3));
    Value w = b.initializer("w", DenseTensor.ofFloats("w", new long[] {3}, 1, 2, 3));
    b.graph().addInput(w);
    Value r = named(b.op("Relu", x), "r");
    b.output(named(b.op("Add", r, w), "y"));
    Model cut = Extractor.extract(b.model(), List.of("r"), List.of("y"));

    assertThat(GraphVerifier.verify(cut)).isEmpty();
    assertThat(names(cut.graph().inputs())).containsExactly("r", "w");
    assertThat(cut.graph().inputs().get(1).isInitializer()).isTrue();
  }

  @Test
  void parsesPolygraphyStyleSpecs() {
    assertThat(ExtractInput.parse("r")).isEqualTo(ExtractInput.named("r"));
    assertThat(ExtractInput.parse("input:0")).isEqualTo(ExtractInput.named("input:0"));
    assertThat(ExtractInput.parse("a:b:c")).isEqualTo(ExtractInput.named("a:b:c"));
    assertThat(ExtractInput.parse("r:auto:auto")).isEqualTo(ExtractInput.named("r"));
    assertThat(ExtractInput.parse("in:0:[1,3,max_len]:int64")).isEqualTo(new ExtractInput("in:0",
        Optional.of(DataType.INT64), Optional.of(Shape.of(Dim.of(1), Dim.of(3), Dim.of("max_len")))));
    assertThat(ExtractInput.parse("r:2x?:float16")).isEqualTo(new ExtractInput("r",
        Optional.of(DataType.FLOAT16), Optional.of(Shape.of(Dim.of(2), Dim.unknown()))));
    assertThat(ExtractInput.parse("s:[]:bool").shape()).contains(Shape.scalar());
    assertThat(ExtractInput.parse("m:[max]:auto").shape()).contains(Shape.of(Dim.of("max")));
    assertThatThrownBy(() -> ExtractInput.parse("r:[2,-1]:float32")).hasMessageContaining("negative");
  }
}
