package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.infer.ShapeInference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds one-operator models for rule tests and runs inference over them. */
final class Fixture {
  final GraphBuilder g;

  Fixture(long opset) {
    g = GraphBuilder.create(opset);
  }

  /** A shape from longs (static dims) and strings (symbols). */
  static Shape shape(Object... dims) {
    List<Dim> d = new ArrayList<>();
    for (Object o : dims) {
      d.add(o instanceof String s ? Dim.of(s) : Dim.of(((Number) o).longValue()));
    }
    return Shape.of(d);
  }

  Value input(String name, Object... dims) {
    return g.input(name, DataType.FLOAT, shape(dims));
  }

  Value input(String name, DataType type, Object... dims) {
    return g.input(name, type, shape(dims));
  }

  Value ints(long... values) {
    return g.constant(DenseTensor.vector("c", values));
  }

  Value scalar(long value) {
    return g.constant(DenseTensor.ofLongs("s", new long[0], value));
  }

  Value floats(float... values) {
    return g.constant(DenseTensor.ofFloats("f", new long[] {values.length}, values));
  }

  Value op(String opType, List<Value> inputs, Attribute... attributes) {
    return g.op(opType, inputs, attributes);
  }

  Value op(String opType, Value... inputs) {
    return g.op(opType, Arrays.asList(inputs));
  }

  List<Value> ops(String opType, int outputs, List<Value> inputs, Attribute... attributes) {
    return g.ops(opType, outputs, inputs, attributes);
  }

  /** Runs inference and returns the model. */
  Model infer() {
    Model m = g.model();
    ShapeInference.run(m);
    return m;
  }

  static Shape shapeOf(Value v) {
    return v.shape().orElse(null);
  }

  static Attribute ints(String name, long... values) {
    return Attribute.ofInts(name, values);
  }

  static Attribute attr(String name, long value) {
    return Attribute.of(name, value);
  }

  static Attribute attr(String name, String value) {
    return Attribute.of(name, value);
  }

  static List<Value> list(Value... values) {
    return Arrays.asList(values);
  }
}
