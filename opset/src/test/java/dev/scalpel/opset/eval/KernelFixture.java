package dev.scalpel.opset.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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

  /**
   * Asserts that the kernel refuses the node: as a case it does not implement, which another
   * evaluator may take ({@code unsupported}), or as invalid or undefined, which nobody should fold.
   */
  void assertRefused(boolean unsupported) {
    assertThatThrownBy(this::single).isInstanceOfSatisfying(EvaluationException.class,
        e -> assertThat(e.unsupported()).as(e.getMessage()).isEqualTo(unsupported));
  }

  /** Asserts that {@code t} has {@code shape} and holds {@code expected}, each element within 1e-6. */
  static void assertClose(Tensor t, long[] shape, float... expected) {
    assertThat(t.dims()).containsExactly(shape);
    float[] got = t.toFloatArray();
    assertThat(got).hasSize(expected.length);
    for (int i = 0; i < got.length; i++) {
      assertThat(got[i]).as("element " + i).isCloseTo(expected[i], within(1e-6f));
    }
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
