package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.infer.ShapeInference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model built in code for rule tests: typed inputs whose dims are given as numbers (static) or
 * strings (symbols), constant initializers, nodes; {@link #infer} runs inference at an opset.
 */
final class InferenceTestGraph {
  final Graph graph = new Graph();
  private int nodes;

  /** An input of element type {@code type} and the given dims (Number: static, String: symbol). */
  Value input(String name, DataType type, Object... dims) {
    List<Dim> d = new ArrayList<>();
    for (Object o : dims) {
      d.add(o instanceof Number n ? Dim.of(n.longValue()) : Dim.of((String) o));
    }
    return graph.addInput(new Value(name, ValueType.tensor(type, Shape.of(d))));
  }

  Value floats(String name, Object... dims) {
    return input(name, DataType.FLOAT, dims);
  }

  Value constant(String name, Tensor t) {
    return graph.addInitializer(new Value(name), t);
  }

  Value longs(String name, long... values) {
    return constant(name, DenseTensor.vector(name, values));
  }

  Value scalar(String name, long value) {
    return constant(name, DenseTensor.ofLongs(name, new long[0], value));
  }

  /** Appends an {@code op} node with {@code outputs} outputs (null inputs are omitted ones). */
  List<Value> node(String op, int outputs, List<Value> inputs, Attribute... attributes) {
    List<String> names = new ArrayList<>();
    int n = nodes++;
    for (int i = 0; i < outputs; i++) {
      names.add(op.toLowerCase() + n + "_" + i);
    }
    Node node = graph.append(new Node("", op, inputs, names, Arrays.asList(attributes)));
    return node.outputs();
  }

  Value node(String op, List<Value> inputs, Attribute... attributes) {
    return node(op, 1, inputs, attributes).get(0);
  }

  ShapeInference.Result infer(long opset) {
    Model model = new Model(graph);
    model.opsetImports().set("", opset);
    return ShapeInference.run(model);
  }
}
