package dev.scalpel.cli;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Unmodeled;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.testdata.BundledModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Small models built in code for the CLI tests. */
final class TestModels {
  private TestModels() {}

  /** {@code y = Relu(x)}, x: float[batch,3]. */
  static Model relu() {
    Graph g = new Graph("relu_graph");
    Value x = g.addInput(new Value("x", ValueType.tensor(DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(3)))));
    Node relu = g.append(new Node("", "Relu", List.of(x), List.of("y"), List.of()));
    Value y = relu.output(0);
    y.setType(ValueType.tensor(DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(3))));
    g.addOutput(y);
    return header(new Model(g));
  }

  /**
   * {@code y = Relu(Relu(MatMul(x, w) + b) * s)} plus a custom-domain op: w float[4,1000] (16,000
   * bytes), b float[1000] (4,000 bytes), s float[1] (4 bytes).
   */
  static Model weighted() {
    Graph g = new Graph("weighted");
    Value x = g.addInput(new Value("x", ValueType.tensor(DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(4)))));
    Value w = g.addInitializer(new Value("w"), floats("w", new long[] {4, 1000}, 1.5f));
    Value b = g.addInitializer(new Value("b"), floats("b", new long[] {1000}, -0.25f));
    Value s = g.addInitializer(new Value("s"), floats("s", new long[] {1}, 2f));
    Value h = g.append(new Node("", "MatMul", List.of(x, w), List.of("h"), List.of())).output(0);
    Value hb = g.append(new Node("", "Add", List.of(h, b), List.of("hb"), List.of())).output(0);
    Value r1 = g.append(new Node("", "Relu", List.of(hb), List.of("r1"), List.of())).output(0);
    Value m = g.append(new Node("", "Mul", List.of(r1, s), List.of("m"), List.of())).output(0);
    Value r2 = g.append(new Node("", "Relu", List.of(m), List.of("r2"), List.of())).output(0);
    Value y = g.append(new Node("com.example", "Custom", List.of(r2), List.of("y"), List.of())).output(0);
    y.setType(ValueType.tensor(DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.unknown())));
    g.addOutput(y);
    Model model = header(new Model(g));
    model.opsetImports().set("com.example", 1);
    return model;
  }

  /** {@code y = If(c) then Relu(x) else Neg(x)}: two subgraphs, four nodes in all. */
  static Model withSubgraphs() {
    Graph g = new Graph("branchy");
    Value c = g.addInput(new Value("c", ValueType.tensor(DataType.BOOL, Shape.scalar())));
    Value x = g.addInput(new Value("x", ValueType.tensor(DataType.FLOAT, null)));
    Graph thenBranch = branch("then_graph", "Relu", x, "t");
    Graph elseBranch = branch("else_graph", "Neg", x, "e");
    Node ifNode = g.append(new Node("", "If", List.of(c), List.of("y"), List.of(
        new Attribute.GraphAttr("then_branch", thenBranch, Unmodeled.NONE),
        new Attribute.GraphAttr("else_branch", elseBranch, Unmodeled.NONE))));
    Value y = g.append(new Node("", "Relu", List.of(ifNode.output(0)), List.of("z"), List.of())).output(0);
    g.addOutput(y);
    return header(new Model(g));
  }

  private static Graph branch(String name, String op, Value x, String out) {
    Graph b = new Graph(name);
    Value v = b.append(new Node("", op, List.of(x), List.of(out), List.of())).output(0);
    b.addOutput(v);
    return b;
  }

  static DenseTensor floats(String name, long[] dims, float fill) {
    long n = Arrays.stream(dims).reduce(1, (a, c) -> a * c);
    float[] values = new float[(int) n];
    for (int i = 0; i < values.length; i++) {
      values[i] = fill + i;
    }
    return DenseTensor.ofFloats(name, dims, values);
  }

  private static Model header(Model model) {
    model.setIrVersion(8);
    model.opsetImports().set("", 13);
    model.setProducerName("scalpel-tests");
    model.setProducerVersion("1.0");
    return model;
  }

  /** The bundled tiny_cnn.onnx: x float[batch,3,8,8] → conv → relu → identity → ... → fc → logits. */
  static Model tinyCnn() {
    try (java.io.InputStream in = BundledModels.open("tiny_cnn.onnx")) {
      return dev.scalpel.graph.io.OnnxReader.read(in, null);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The node of {@code model}'s main graph named {@code name}. */
  static Node node(Model model, String name) {
    for (Node n : model.graph()) {
      if (n.name().equals(name)) {
        return n;
      }
    }
    throw new IllegalArgumentException("no node " + name);
  }

  /** Adds {@code delta} to every 7th element of the float initializer {@code name}. */
  static Model perturb(Model model, String name, float delta) {
    Value weight = model.graph().initializer(name).orElseThrow();
    dev.scalpel.graph.Tensor t = weight.initializer().orElseThrow();
    float[] w = t.toFloatArray();
    for (int i = 0; i < w.length; i += 7) {
      w[i] += delta;
    }
    weight.setInitializer(DenseTensor.ofFloats(name, t.dims(), w));
    return model;
  }

  /** Writes {@code model} (all data inline) to {@code file} and returns the file. */
  static Path write(Model model, Path file) throws IOException {
    OnnxWriter.write(model, file);
    return file;
  }
}
