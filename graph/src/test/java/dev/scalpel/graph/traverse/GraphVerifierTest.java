package dev.scalpel.graph.traverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.BrokenInvariants;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.TestTensors;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.traverse.GraphVerifier.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphVerifierTest {
  private final GraphBuilder b = GraphBuilder.create(21);
  private final Graph graph = b.graph();
  private final Value x = b.input("x", DataType.FLOAT, Shape.of(2));
  private final Value cond = b.input("cond", DataType.BOOL, Shape.scalar());

  /** x, w -> Add -> If(then: Neg(sum), else: Identity(w)) -> out, with a function too. */
  private Model cleanModel() {
    Value w = b.initializer("w", TestTensors.floats(2));
    Value sum = b.op("Add", x, w);
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Neg", sum));
    GraphBuilder otherwise = b.subgraph("else");
    otherwise.output(otherwise.op("Identity", w));
    Value out = b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()),
        Attribute.of("else_branch", otherwise.graph()));
    b.output(b.domain("custom", 1).op("Twice", out));
    Model model = b.model();
    model.functions().add(twice());
    return model;
  }

  private static Function twice() {
    GraphBuilder body = new GraphBuilder(new Graph("Twice"));
    Value a = body.input("a", DataType.FLOAT, Shape.of(2));
    body.output(body.op("Add", a, a));
    Function f = new Function("custom", "Twice", body.graph());
    f.opsetImports().set("", 21);
    return f;
  }

  private static List<String> rules(Model model) {
    return GraphVerifier.verify(model).stream().map(Finding::rule).toList();
  }

  @Test
  void aCleanModelPasses() {
    Model model = cleanModel();

    assertThat(GraphVerifier.verify(model)).isEmpty();
    assertThatCode(() -> GraphVerifier.verifyOrThrow(model)).doesNotThrowAnyException();
  }

  @Test
  void twoValuesWithOneNameBreakSingleProducer() {
    Value a = b.op("Relu", x);
    Value c = b.op("Neg", x);
    c.setName(a.name());

    List<Finding> findings = GraphVerifier.verify(b.model());

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.SINGLE_PRODUCER.id());
    assertThat(findings.get(0).message()).contains("'" + a.name() + "'", "Relu", "Neg");
  }

  @Test
  void aSubgraphValueNamedLikeAnOuterValueBreaksSingleProducer() {
    GraphBuilder then = b.subgraph("then");
    Value inner = then.op("Neg", x);
    then.output(inner);
    b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()));
    inner.setName("x");

    List<Finding> findings = GraphVerifier.verify(b.model());

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.SINGLE_PRODUCER.id());
    assertThat(findings.get(0).location()).contains("If", "then_branch");
  }

  @Test
  void readingADetachedValueIsADanglingUse() {
    b.output(b.op("Add", x, new Value("ghost")));

    List<Finding> findings = GraphVerifier.verify(b.model());

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.DANGLING_USE.id());
    assertThat(findings.get(0).message()).contains("'ghost'", "input 1");
  }

  @Test
  void readingTheOutputOfARemovedNodeIsADanglingUse() {
    Node removed = new Node(null, "Relu", List.of(x), List.of("gone"), List.of());
    b.op("Neg", x).producer().replaceInput(0, removed.output(0));

    List<Finding> findings = GraphVerifier.verify(b.model());

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.DANGLING_USE.id());
    assertThat(findings.get(0).message()).contains("'gone'", "removed");
  }

  @Test
  void readingAValueOfASubgraphFromOutsideIsADanglingUse() {
    GraphBuilder then = b.subgraph("then");
    Value inner = then.op("Neg", x);
    then.output(inner);
    b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()));
    b.op("Relu", inner);

    assertThat(rules(b.model())).containsExactly(Rule.DANGLING_USE.id());
  }

  @Test
  void aStrayUseBreaksUseListConsistency() {
    Node relu = b.op("Relu", x).producer();
    BrokenInvariants.addStrayUse(x, relu, 0);

    List<Finding> findings = GraphVerifier.verify(b.model());

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.USE_LIST.id());
    assertThat(findings.get(0).message()).contains("2 times");
  }

  @Test
  void aMissingUseBreaksUseListConsistency() {
    Node relu = b.op("Relu", x).producer();
    BrokenInvariants.dropUse(x, relu, 0);

    assertThat(rules(b.model())).containsExactly(Rule.USE_LIST.id());
  }

  @Test
  void aUseByANodeOutsideTheModelBreaksUseListConsistency() {
    Node outsider = new Node(null, "Relu", List.of(x), List.of("o"), List.of());
    BrokenInvariants.addStrayUse(x, outsider, 0);

    List<Finding> findings = GraphVerifier.verify(b.model());

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.USE_LIST.id());
    assertThat(findings.get(0).message()).contains("not a node of this scope");
  }

  @Test
  void siblingBranchesMayReuseValueAndNodeNames() {
    // ONNX IR: names are unique "within a graph"; then and else are two graphs (issue 13).
    GraphBuilder then = b.subgraph("then");
    Value t1 = then.op("Relu", x);
    then.output(t1);
    GraphBuilder otherwise = b.subgraph("else");
    Value t2 = otherwise.op("Neg", x);
    otherwise.output(t2);
    t1.setName("t");
    t2.setName("t");
    t1.producer().setName("n");
    t2.producer().setName("n");
    b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()), Attribute.of("else_branch", otherwise.graph()));

    assertThat(GraphVerifier.verify(b.model())).isEmpty();
  }

  @Test
  void aSubgraphValueMayReuseAnOuterNameDefinedAfterItsNode() {
    // Only names visible in the subgraph are reserved: 'later' is produced after the If.
    GraphBuilder then = b.subgraph("then");
    Value inner = then.op("Neg", x);
    then.output(inner);
    b.op("If", List.of(cond), Attribute.of("then_branch", then.graph()));
    Value later = b.op("Relu", x);
    b.output(later);
    inner.setName("later");
    later.setName("later");

    assertThat(GraphVerifier.verify(b.model())).isEmpty();
  }

  @Test
  void aSubgraphValueNamedLikeAnEarlierOuterNodeOutputBreaksSingleProducer() {
    Value earlier = b.op("Relu", x);
    GraphBuilder then = b.subgraph("then");
    Value inner = then.op("Neg", x);
    then.output(inner);
    b.output(b.op("If", List.of(cond), Attribute.of("then_branch", then.graph())));
    b.output(earlier);
    inner.setName(earlier.name());

    List<Finding> findings = GraphVerifier.verify(b.model());

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.SINGLE_PRODUCER.id());
    assertThat(findings.get(0).message()).contains("'" + earlier.name() + "'", "enclosing graph");
  }

  @Test
  void functionsThatCallThemselvesAreRecursive() {
    GraphBuilder fBody = new GraphBuilder(new Graph("F"));
    Value a = fBody.input("a", DataType.FLOAT, Shape.of(2));
    fBody.output(fBody.domain("local", 1).op("G", a));
    Function f = new Function("local", "F", fBody.graph());
    GraphBuilder gBody = new GraphBuilder(new Graph("G"));
    Value c = gBody.input("c", DataType.BOOL, Shape.scalar());
    Value a2 = gBody.input("a", DataType.FLOAT, Shape.of(2));
    GraphBuilder then = gBody.subgraph("then");
    then.output(then.domain("local", 1).op("F", a2));
    gBody.output(gBody.op("If", List.of(c), Attribute.of("then_branch", then.graph())));
    Function g = new Function("local", "G", gBody.graph());
    GraphBuilder hBody = new GraphBuilder(new Graph("H"));
    Value a3 = hBody.input("a", DataType.FLOAT, Shape.of(2));
    hBody.output(hBody.domain("local", 1).op("H", a3));
    Function h = new Function("local", "H", hBody.graph());
    for (Function fn : List.of(f, g, h)) {
      fn.opsetImports().set("", 21);
      fn.opsetImports().set("local", 1);
    }
    b.output(b.domain("local", 1).op("F", x));
    Model model = b.model();
    model.functions().addAll(List.of(f, g, h));

    List<Finding> recursion = GraphVerifier.verify(model).stream()
        .filter(fd -> Rule.RECURSIVE_FUNCTION.matches(fd)).toList();

    assertThat(recursion).extracting(Finding::message).containsExactly(
        "functions local.F -> local.G -> local.F call each other: their expansion never ends",
        "function local.H calls itself: its expansion never ends");
  }

  @Test
  void undefinedElementTypesOfInitializersAndMainInputsAreReported() {
    Value y = b.op("Relu", x);
    b.output(y);
    b.input("u", DataType.UNDEFINED, Shape.of(2));

    List<Finding> findings = GraphVerifier.verify(b.model());

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.UNDEFINED_ELEMENT_TYPE.id());
    assertThat(findings.get(0).message()).contains("input 'u'");
  }

  /**
   * Found by SimplifyFuzzTest (crash-19610b8a in its inputs): a Constant whose value is a tensor of
   * element type UNDEFINED was admitted, then constants-to-initializers made it an initializer this
   * rule refuses, and simplify ended with "pass left an invalid graph" (exit 70).
   */
  @Test
  void aTensorAttributeOfUndefinedElementTypeIsReported() {
    // As the reader gives a TensorProto with data_type 0 (no builder makes one).
    dev.scalpel.graph.Tensor undefined = new dev.scalpel.graph.Tensor() {
      @Override public String name() { return ""; }
      @Override public DataType dataType() { return DataType.UNDEFINED; }
      @Override public long[] dims() { return new long[0]; }
      @Override public long byteSize() { return 0; }
      @Override public java.nio.ByteBuffer data() { return java.nio.ByteBuffer.allocate(0); }
    };
    Value c = b.op("Constant", List.of(), Attribute.of("value", undefined));
    b.output(b.op("Add", x, c));

    List<Finding> findings = GraphVerifier.verify(b.model());

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.UNDEFINED_ELEMENT_TYPE.id());
    assertThat(findings.get(0).node()).contains("Constant");
    assertThat(findings.get(0).message()).contains("attribute 'value' holds a tensor of element type UNDEFINED");
  }

  @Test
  void twoNodesWithOneNameBreakUniqueNodeNames() {
    b.op("Relu", x).producer().setName("same");
    b.op("Neg", x).producer().setName("same");
    b.op("Abs", x).producer().setName("");
    b.op("Exp", x).producer().setName("");

    List<Finding> findings = GraphVerifier.verify(b.model());

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.UNIQUE_NODE_NAME.id());
    assertThat(findings.get(0).message()).contains("'same'");
  }

  @Test
  void aDomainThatIsNotImportedIsReported() {
    b.domain("com.example", 1).op("Gelu", x);
    Model model = b.model();
    model.opsetImports().remove("com.example");

    List<Finding> findings = GraphVerifier.verify(model);

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.UNDECLARED_DOMAIN.id());
    assertThat(findings.get(0).message()).contains("'com.example'", "Gelu");
  }

  @Test
  void theDefaultDomainMayBeSpelledAiOnnx() {
    Node relu = b.op("Relu", x).producer();
    relu.setDomain("ai.onnx");

    assertThat(GraphVerifier.verify(b.model())).isEmpty();
  }

  @Test
  void aFunctionBodyIsCheckedAgainstTheFunctionsImports() {
    Model model = cleanModel();
    model.functions().get(0).opsetImports().remove("");

    List<Finding> findings = GraphVerifier.verify(model);

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.UNDECLARED_DOMAIN.id());
    assertThat(findings.get(0).location()).contains("function custom.Twice");
  }

  @Test
  void aFunctionBodyIsItsOwnNameScope() {
    Model model = cleanModel();
    model.functions().get(0).body().nodes().get(0).output(0).setName("x");

    assertThat(GraphVerifier.verify(model)).isEmpty();
  }

  @Test
  void anOutputThatNothingProducesIsReported() {
    graph.addOutput(new Value("nowhere"));

    List<Finding> findings = GraphVerifier.verify(b.model());

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.UNPRODUCED_OUTPUT.id());
    assertThat(findings.get(0).message()).contains("'nowhere'");
  }

  @Test
  void inputsAndInitializersMayBeOutputs() {
    b.output(x, b.initializer("w", TestTensors.floats(2)));

    assertThat(GraphVerifier.verify(b.model())).isEmpty();
  }

  @Test
  void aCycleIsReported() {
    Value a = b.op("Relu", x);
    Value c = b.op("Neg", a);
    a.producer().replaceInput(0, c);

    List<Finding> findings = GraphVerifier.verify(b.model());

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.CYCLE.id());
    assertThat(findings.get(0).message()).contains("Relu", "Neg");
  }

  @Test
  void nodesOutOfOrderAreAWeakerFinding() {
    Node relu = b.op("Relu", x).producer();
    Node neg = b.op("Neg", relu.output(0)).producer();
    graph.reorder(List.of(neg, relu));

    List<Finding> findings = GraphVerifier.verify(b.model());

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.NOT_TOPOLOGICAL.id());
    assertThat(findings.get(0).message()).contains(neg.describe(), relu.describe());
  }

  @Test
  void verifyOrThrowListsEveryFinding() {
    graph.addOutput(new Value("nowhere"));
    b.domain("com.example", 1).op("Gelu", x);
    Model model = b.model();
    model.opsetImports().remove("com.example");

    assertThatThrownBy(() -> GraphVerifier.verifyOrThrow(model))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("2 structural rule")
        .hasMessageContaining("[unproduced-output]")
        .hasMessageContaining("[undeclared-domain]");
  }
}
