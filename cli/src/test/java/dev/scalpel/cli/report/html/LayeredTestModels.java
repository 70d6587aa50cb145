package dev.scalpel.cli.report.html;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Unmodeled;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.List;

/** Models with named scopes, built in code, for the drawing tests. */
public final class LayeredTestModels {
  private LayeredTestModels() {}

  /**
   * {@code layers} blocks {@code /model/layers.i/{Add, act/Relu, Neg}}, each Add reading a loose
   * {@code Constant_i} node, then {@code /model/norm/Identity}: 4 nodes per layer plus one.
   */
  public static Model layered(int layers) {
    Graph g = new Graph("layered");
    Value h = g.addInput(new Value("x", ValueType.tensor(DataType.FLOAT, Shape.of(1, 4))));
    for (int i = 0; i < layers; i++) {
      Value c = node(g, "Constant_" + i, "Constant", List.of(), "c" + i, new Attribute.TensorAttr("value",
          DenseTensor.ofFloats("", new long[] {4}, new float[] {1, 2, 3, 4}), Unmodeled.NONE));
      String scope = "/model/layers." + i + "/";
      Value a = node(g, scope + "Add", "Add", List.of(h, c), scope + "Add_output_0");
      Value r = node(g, scope + "act/Relu", "Relu", List.of(a), scope + "act/Relu_output_0");
      h = node(g, scope + "Neg", "Neg", List.of(r), scope + "Neg_output_0");
    }
    g.addOutput(node(g, "/model/norm/Identity", "Identity", List.of(h), "y"));
    Model m = new Model(g);
    m.setIrVersion(8);
    m.opsetImports().set("", 13);
    return m;
  }

  static Value node(Graph g, String name, String op, List<Value> inputs, String output, Attribute... attributes) {
    Node n = new Node("", op, inputs, List.of(output), List.of(attributes));
    n.setName(name);
    return g.append(n).output(0);
  }

  static Node named(Model m, String name) {
    for (Node n : m.graph()) {
      if (n.name().equals(name)) {
        return n;
      }
    }
    throw new IllegalArgumentException(name);
  }
}
