package dev.scalpel.opset.eval;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.OpId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs one standard kernel on tensors built in code. */
final class KernelFixture {
  private final String op;
  private final int opset;
  private final Tensor[] inputs;
  private final Map<String, Attribute> attributes = new LinkedHashMap<>();
  private int outputs = 1;
  private long limit = EvalContext.UNLIMITED;

  private KernelFixture(String op, int opset, Tensor... inputs) {
    this.op = op;
    this.opset = opset;
    this.inputs = inputs;
  }

  static KernelFixture op(String op, int opset, Tensor... inputs) {
    return new KernelFixture(op, opset, inputs);
  }

  KernelFixture attr(Attribute a) {
    attributes.put(a.name(), a);
    return this;
  }

  KernelFixture outputs(int n) {
    outputs = n;
    return this;
  }

  KernelFixture limit(long elements) {
    limit = elements;
    return this;
  }

  List<Tensor> run() {
    return Kernels.standard().evaluate(new EvalContext(OpId.onnx(op), opset, Arrays.asList(inputs), attributes, outputs, limit));
  }

  Tensor single() {
    return run().get(0);
  }

  static Tensor longs(long[] dims, long... v) {
    return DenseTensor.ofLongs("", dims, v);
  }

  static Tensor vec(long... v) {
    return DenseTensor.vector("", v);
  }

  static Tensor scalar(long v) {
    return DenseTensor.ofLongs("", new long[0], v);
  }

  static Tensor ints(long[] dims, int... v) {
    return DenseTensor.ofInts("", dims, v);
  }

  static Tensor floats(long[] dims, float... v) {
    return DenseTensor.ofFloats("", dims, v);
  }

  static long[] dims(long... d) {
    return d;
  }
}
