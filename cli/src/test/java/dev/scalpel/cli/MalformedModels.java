package dev.scalpel.cli;

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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The generator of the tiny hostile models of issue 13 (each well under 1 KB), built as protobuf
 * messages because the graph IR cannot hold most of them (an unsorted or cyclic graph, an attribute
 * of the wrong kind). Every model imports opset 17 of the default domain and uses IR version 8.
 */
final class MalformedModels {
  private static final int FLOAT = 1;
  private static final int UNDEFINED = 0;

  private MalformedModels() {}

  /** Writes {@code model} to {@code dir/name.onnx}. */
  static Path write(Path dir, String name, ModelProto model) throws IOException {
    Path file = dir.resolve(name + ".onnx");
    Files.write(file, model.toByteArray());
    return file;
  }

  /** Main graph {@code y = local.F(x)}, where F's body is {@code Relu(local.F(x))}: F calls itself. */
  static ModelProto selfRecursiveFunction() {
    FunctionProto f = function("F", node("local", "F", List.of("x"), List.of("t")), node("", "Relu", List.of("t"), List.of("y")));
    return model(graph(List.of(node("local", "F", List.of("x"), List.of("y")))), List.of(f), true);
  }

  /**
   * F calls G directly; G calls F inside the then-branch of an If: mutual recursion through a
   * subgraph.
   */
  static ModelProto mutuallyRecursiveFunctions() {
    FunctionProto f = function("F", node("local", "G", List.of("x"), List.of("y")));
    GraphProto thenBranch = GraphProto.newBuilder().setName("then")
        .addNode(node("local", "F", List.of("x"), List.of("a")))
        .addOutput(untyped("a")).build();
    GraphProto elseBranch = GraphProto.newBuilder().setName("else")
        .addNode(node("", "Relu", List.of("x"), List.of("b")))
        .addOutput(untyped("b")).build();
    NodeProto ifNode = node("", "If", List.of("c"), List.of("y")).toBuilder()
        .addAttribute(graphAttr("then_branch", thenBranch))
        .addAttribute(graphAttr("else_branch", elseBranch)).build();
    FunctionProto g = FunctionProto.newBuilder().setDomain("local").setName("G")
        .addInput("x").addOutput("y")
        .addNode(node("", "Constant", List.of(), List.of("c")).toBuilder()
            .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                .setT(TensorProto.newBuilder().setDataType(9).addInt32Data(1))).build())
        .addNode(ifNode)
        .addOpsetImport(opset("", 17)).addOpsetImport(opset("local", 1)).build();
    return model(graph(List.of(node("local", "F", List.of("x"), List.of("y")))), List.of(f, g), true);
  }

  /** {@code y = Relu(Relu(x))} with the second Relu listed first: acyclic, out of order. */
  static ModelProto unsorted() {
    return model(graph(List.of(
        node("", "Relu", List.of("t"), List.of("y")),
        node("", "Relu", List.of("x"), List.of("t")))), List.of(), false);
  }

  /** {@code a = Add(x, b); b = Relu(a); y = Relu(b)}: a and b depend on each other. */
  static ModelProto cyclic() {
    return model(graph(List.of(
        node("", "Add", List.of("x", "b"), List.of("a")),
        node("", "Relu", List.of("a"), List.of("b")),
        node("", "Relu", List.of("b"), List.of("y")))), List.of(), false);
  }

  /** {@code y = com.unknown.Foo(x)} with no opset import for {@code com.unknown}. */
  static ModelProto undeclaredDomain() {
    return model(graph(List.of(node("com.unknown", "Foo", List.of("x"), List.of("y")))), List.of(), false);
  }

  /** {@code y = Softmax(x)} whose {@code axis} is a graph instead of an int. */
  static ModelProto axisAsGraph() {
    GraphProto g = GraphProto.newBuilder().setName("g").build();
    NodeProto softmax = node("", "Softmax", List.of("x"), List.of("y")).toBuilder()
        .addAttribute(graphAttr("axis", g)).build();
    return model(graph(List.of(softmax)), List.of(), false);
  }

  /** A Conv of x[1,3,4,4] by w[3,1,1,1] whose {@code group} is a list of sparse tensors. */
  static ModelProto groupAsSparseTensors() {
    TensorProto values = TensorProto.newBuilder().setDataType(7).addDims(1).addInt64Data(3).build();
    TensorProto indices = TensorProto.newBuilder().setDataType(7).addDims(1).addInt64Data(0).build();
    NodeProto conv = node("", "Conv", List.of("x", "w"), List.of("y")).toBuilder()
        .addAttribute(AttributeProto.newBuilder().setName("group").setType(AttributeProto.AttributeType.SPARSE_TENSORS)
            .addSparseTensors(SparseTensorProto.newBuilder().setValues(values).setIndices(indices).addDims(3))).build();
    GraphProto.Builder g = graph(List.of(conv)).toBuilder();
    g.setInput(0, typed("x", FLOAT, 1, 3, 4, 4));
    g.addInitializer(TensorProto.newBuilder().setName("w").setDataType(FLOAT).addDims(3).addDims(1).addDims(1).addDims(1)
        .addFloatData(1).addFloatData(2).addFloatData(3));
    g.setOutput(0, typed("y", FLOAT, 1, 3, 4, 4));
    return model(g.build(), List.of(), false);
  }

  /** {@code y = Relu(x)} whose input x is declared a tensor of element type UNDEFINED (0). */
  static ModelProto undefinedInputType() {
    GraphProto.Builder g = graph(List.of(node("", "Relu", List.of("x"), List.of("y")))).toBuilder();
    g.setInput(0, typed("x", UNDEFINED, 2, 3));
    return model(g.build(), List.of(), false);
  }

  /** {@code y = Add(x, k)} where the initializer k has data type UNDEFINED (0). */
  static ModelProto undefinedInitializerType() {
    GraphProto.Builder g = graph(List.of(node("", "Add", List.of("x", "k"), List.of("y")))).toBuilder();
    g.addInitializer(TensorProto.newBuilder().setName("k").setDataType(UNDEFINED).addDims(1));
    return model(g.build(), List.of(), false);
  }

  /**
   * {@code y = Add(x, k)} where {@code k} is made by a Constant whose {@code attribute} holds a
   * tensor of data type UNDEFINED (0): the two causes the simplify fuzz target found ("value"
   * became an UNDEFINED initializer; a misspelt "valu" broke common-subexpression keys).
   */
  static ModelProto undefinedConstantAttribute(String attribute) {
    NodeProto constant = node("", "Constant", List.of(), List.of("k")).toBuilder().setName("/Constant")
        .addAttribute(AttributeProto.newBuilder().setName(attribute).setType(AttributeProto.AttributeType.TENSOR)
            .setT(TensorProto.newBuilder().setDataType(UNDEFINED))).build();
    return model(graph(List.of(constant, node("", "Add", List.of("x", "k"), List.of("y")))), List.of(), false);
  }

  /**
   * {@code y = If(c) then Relu(x) else Neg(x)}, where both branches name their output {@code t}:
   * valid ONNX (sibling subgraphs are separate scopes).
   */
  static ModelProto ifBranchesShareNames() {
    GraphProto thenBranch = GraphProto.newBuilder().setName("then")
        .addNode(node("", "Relu", List.of("x"), List.of("t")))
        .addOutput(typed("t", FLOAT, 2, 3)).build();
    GraphProto elseBranch = GraphProto.newBuilder().setName("else")
        .addNode(node("", "Neg", List.of("x"), List.of("t")))
        .addOutput(typed("t", FLOAT, 2, 3)).build();
    NodeProto ifNode = node("", "If", List.of("c"), List.of("y")).toBuilder()
        .addAttribute(graphAttr("then_branch", thenBranch))
        .addAttribute(graphAttr("else_branch", elseBranch)).build();
    GraphProto.Builder g = graph(List.of(ifNode)).toBuilder();
    g.addInput(ValueInfoProto.newBuilder().setName("c").setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(9).setShape(TensorShapeProto.newBuilder()))));
    return model(g.build(), List.of(), false);
  }

  /** {@code y = Shape(x)} and an unused {@code Size(x)}, for x float of {@code dims}. */
  static ModelProto shapeOfInput(long... dims) {
    GraphProto.Builder g = graph(List.of(node("", "Size", List.of("x"), List.of("s")), node("", "Shape", List.of("x"), List.of("y")))).toBuilder();
    g.setInput(0, typed("x", FLOAT, dims));
    g.setOutput(0, typed("y", 7, dims.length));
    return model(g.build(), List.of(), false);
  }

  // ------------------------------------------------------------------ building blocks

  private static ModelProto model(GraphProto graph, List<FunctionProto> functions, boolean localDomain) {
    ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(8).setProducerName("MalformedModels")
        .addOpsetImport(opset("", 17)).setGraph(graph).addAllFunctions(functions);
    if (localDomain) {
      m.addOpsetImport(opset("local", 1));
    }
    return m.build();
  }

  /** A main graph of {@code nodes} with input x float[2,3] and output y float[2,3]. */
  private static GraphProto graph(List<NodeProto> nodes) {
    return GraphProto.newBuilder().setName("g").addAllNode(nodes)
        .addInput(typed("x", FLOAT, 2, 3)).addOutput(typed("y", FLOAT, 2, 3)).build();
  }

  private static FunctionProto function(String name, NodeProto... nodes) {
    return FunctionProto.newBuilder().setDomain("local").setName(name).addInput("x").addOutput("y")
        .addAllNode(List.of(nodes)).addOpsetImport(opset("", 17)).addOpsetImport(opset("local", 1)).build();
  }

  private static NodeProto node(String domain, String op, List<String> inputs, List<String> outputs) {
    return NodeProto.newBuilder().setDomain(domain).setOpType(op).addAllInput(inputs).addAllOutput(outputs).build();
  }

  private static AttributeProto graphAttr(String name, GraphProto g) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH).setG(g).build();
  }

  private static OperatorSetIdProto opset(String domain, long version) {
    return OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version).build();
  }

  private static ValueInfoProto typed(String name, int elemType, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
  }

  private static ValueInfoProto untyped(String name) {
    return ValueInfoProto.newBuilder().setName(name).build();
  }
}
