package dev.scalpel.graph.traverse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Finding;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.proto.OnnxProto.AttributeProto;
import dev.scalpel.graph.io.proto.OnnxProto.FunctionProto;
import dev.scalpel.graph.io.proto.OnnxProto.GraphProto;
import dev.scalpel.graph.io.proto.OnnxProto.ModelProto;
import dev.scalpel.graph.io.proto.OnnxProto.NodeProto;
import dev.scalpel.graph.io.proto.OnnxProto.OperatorSetIdProto;
import dev.scalpel.graph.io.proto.OnnxProto.SparseTensorProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorProto;
import dev.scalpel.graph.io.proto.OnnxProto.TensorShapeProto;
import dev.scalpel.graph.io.proto.OnnxProto.TypeProto;
import dev.scalpel.graph.io.proto.OnnxProto.ValueInfoProto;
import dev.scalpel.graph.traverse.GraphVerifier.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code undefined-element-type} rule for tensors held in attributes (issue 13; found by the
 * simplify fuzz target): models read from bytes, as a file of these would be. Each model is
 * {@code y = Add(x, c)} with {@code c} made by a node that holds a tensor of data type 0 (UNDEFINED).
 */
class UndefinedTensorElementTypeTest {
  private static final int UNDEFINED = 0;
  private static final int FLOAT = 1;
  private static final int INT64 = 7;

  /** Fuzz input w10 (crash-8c8e3168...): a Constant's value of type UNDEFINED became an initializer. */
  @Test
  void constantValueOfUndefinedElementTypeIsReportedAtItsNode() {
    NodeProto constant = node("/Constant", "Constant", List.of(), "c")
        .addAttribute(tensorAttr("value", undefinedTensor())).build();

    List<Finding> findings = verify(graph(constant).build(), List.of());

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(Rule.UNDEFINED_ELEMENT_TYPE.id());
      assertThat(f.location()).isEqualTo("graph 'g'");
      assertThat(f.node()).isEqualTo("Constant '/Constant'");
      assertThat(f.message()).isEqualTo("attribute 'value' holds a tensor of element type UNDEFINED");
    });
  }

  /**
   * Fuzz input w8 (crash-82fe37e4...): a misspelt attribute ('valu') that no schema declares still
   * holds a tensor every pass may read (common-subexpression keys pack it).
   */
  @Test
  void undefinedTensorInAnAttributeNoSchemaDeclaresIsReported() {
    NodeProto constant = node("/Constant_4", "Constant", List.of(), "c")
        .addAttribute(tensorAttr("valu", undefinedTensor())).build();

    List<Finding> findings = verify(graph(constant).build(), List.of());

    assertThat(findings).extracting(Finding::rule).containsExactly(Rule.UNDEFINED_ELEMENT_TYPE.id());
    assertThat(findings.get(0).toString()).isEqualTo("error [undefined-element-type] graph 'g' > "
        + "Constant '/Constant_4': attribute 'valu' holds a tensor of element type UNDEFINED");
  }

  @Test
  void everyTensorKindOfAttributeIsChecked() {
    NodeProto tensors = node("ts", "Foo", List.of(), "a").addAttribute(AttributeProto.newBuilder()
        .setName("tensors").setType(AttributeProto.AttributeType.TENSORS)
        .addTensors(floatScalar()).addTensors(undefinedTensor())).build();
    NodeProto sparseValues = node("sv", "Foo", List.of(), "b").addAttribute(AttributeProto.newBuilder()
        .setName("sparse_value").setType(AttributeProto.AttributeType.SPARSE_TENSOR)
        .setSparseTensor(sparse(undefinedTensor().toBuilder().addDims(0).build(), int64Indices()))).build();
    NodeProto sparseIndices = node("si", "Foo", List.of(), "c").addAttribute(AttributeProto.newBuilder()
        .setName("sparse_values").setType(AttributeProto.AttributeType.SPARSE_TENSORS)
        .addSparseTensors(sparse(floatVector(), int64Indices()))
        .addSparseTensors(sparse(floatVector(), undefinedTensor().toBuilder().addDims(0).build()))).build();
    GraphProto g = graph(tensors, sparseValues, sparseIndices).build();

    List<Finding> findings = verify(g, List.of());

    assertThat(findings).allMatch(Rule.UNDEFINED_ELEMENT_TYPE::matches);
    assertThat(findings).extracting(f -> f.node() + ": " + f.message()).containsExactly(
        "Foo 'ts': attribute 'tensors' holds at index 1 a tensor of element type UNDEFINED",
        "Foo 'sv': attribute 'sparse_value' holds a sparse tensor whose values have element type UNDEFINED",
        "Foo 'si': attribute 'sparse_values' holds at index 1 a sparse tensor whose indices have element "
            + "type UNDEFINED");
  }

  @Test
  void tensorsInSubgraphsSparseInitializersAndFunctionDefaultsAreChecked() {
    GraphProto thenBranch = GraphProto.newBuilder().setName("then")
        .addNode(node("inner", "Constant", List.of(), "t").addAttribute(tensorAttr("value", undefinedTensor())))
        .addOutput(ValueInfoProto.newBuilder().setName("t")).build();
    GraphProto elseBranch = GraphProto.newBuilder().setName("else")
        .addNode(node("other", "Constant", List.of(), "t").addAttribute(tensorAttr("value", floatScalar())))
        .addOutput(ValueInfoProto.newBuilder().setName("t")).build();
    NodeProto ifNode = node("cond", "If", List.of("flag"), "c")
        .addAttribute(AttributeProto.newBuilder().setName("then_branch").setType(AttributeProto.AttributeType.GRAPH)
            .setG(thenBranch))
        .addAttribute(AttributeProto.newBuilder().setName("else_branch").setType(AttributeProto.AttributeType.GRAPH)
            .setG(elseBranch)).build();
    GraphProto.Builder g = graph(ifNode)
        .addInput(ValueInfoProto.newBuilder().setName("flag").setType(tensorType(9)))
        .addSparseInitializer(sparse(undefinedTensor().toBuilder().setName("s").addDims(0).build(), int64Indices()));
    FunctionProto f = FunctionProto.newBuilder().setDomain("local").setName("F").addInput("a").addOutput("b")
        .addNode(NodeProto.newBuilder().setOpType("Identity").addInput("a").addOutput("b"))
        .addAttributeProto(tensorAttr("k", undefinedTensor()))
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(21)).build();

    List<Finding> findings = verify(g.build(), List.of(f));

    assertThat(findings).allMatch(Rule.UNDEFINED_ELEMENT_TYPE::matches);
    assertThat(findings).extracting(Finding::toString).containsExactlyInAnyOrder(
        "error [undefined-element-type] function local.F: the default of attribute 'k' holds a tensor of "
            + "element type UNDEFINED",
        "error [undefined-element-type] graph 'g': sparse initializer 's' is a sparse tensor whose values have "
            + "element type UNDEFINED",
        "error [undefined-element-type] graph 'g' > If 'cond'.then_branch > Constant 'inner': attribute 'value' "
            + "holds a tensor of element type UNDEFINED");
  }

  @Test
  void definedElementTypesInAttributesAreNotReported() {
    NodeProto constant = node("/Constant", "Constant", List.of(), "c")
        .addAttribute(tensorAttr("value", floatScalar())).build();

    assertThat(verify(graph(constant).build(), List.of())).isEmpty();
  }

  // ------------------------------------------------------------ the generator

  private static List<Finding> verify(GraphProto g, List<FunctionProto> functions) {
    ModelProto model = ModelProto.newBuilder().setIrVersion(10).setGraph(g)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(21))
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("local").setVersion(1))
        .addAllFunctions(functions).build();
    return GraphVerifier.verify(OnnxReader.read(model.toByteArray()));
  }

  /** Graph 'g': the given nodes, then {@code y = Add(x, c)}; input x float[], output y. */
  private static GraphProto.Builder graph(NodeProto... nodes) {
    GraphProto.Builder g = GraphProto.newBuilder().setName("g");
    for (NodeProto n : nodes) {
      g.addNode(n);
    }
    return g.addNode(node("add", "Add", List.of("x", "c"), "y"))
        .addInput(ValueInfoProto.newBuilder().setName("x").setType(tensorType(FLOAT)))
        .addOutput(ValueInfoProto.newBuilder().setName("y").setType(tensorType(FLOAT)));
  }

  private static NodeProto.Builder node(String name, String op, List<String> inputs, String output) {
    return NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs).addOutput(output);
  }

  private static TypeProto tensorType(int elementType) {
    return TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elementType)
        .setShape(TensorShapeProto.newBuilder())).build();
  }

  private static AttributeProto tensorAttr(String name, TensorProto t) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(t).build();
  }

  /** A scalar of data type 0, as the fuzz inputs hold: no dims, no data. */
  private static TensorProto undefinedTensor() {
    return TensorProto.newBuilder().setDataType(UNDEFINED).build();
  }

  private static TensorProto floatScalar() {
    return TensorProto.newBuilder().setDataType(FLOAT).addFloatData(1f).build();
  }

  private static TensorProto floatVector() {
    return TensorProto.newBuilder().setDataType(FLOAT).addDims(0).build();
  }

  private static TensorProto int64Indices() {
    return TensorProto.newBuilder().setDataType(INT64).addDims(0).build();
  }

  /** A sparse tensor of dense shape [2] with the given (empty) values and indices. */
  private static SparseTensorProto sparse(TensorProto values, TensorProto indices) {
    return SparseTensorProto.newBuilder().setValues(values).setIndices(indices).addDims(2).build();
  }
}
