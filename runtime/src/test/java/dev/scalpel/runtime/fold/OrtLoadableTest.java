package dev.scalpel.runtime.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.TensorReader;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.runtime.OrtEvaluator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Folding through ONNX Runtime 1.26 in models stamped with opsets it does not load (27, 28): older
 * operators run restamped at 26, newer ones with a function body and operators without a kernel
 * (Swish-24) run expanded, anything else is refused with "ONNX Runtime does not support opset N".
 * Expected values are worked out from the spec by hand, or ONNX's own expected outputs.
 */
class OrtLoadableTest {
  /** The node tests ONNX added after 1.12, committed in testdata. */
  private static final Path NEWER_NODE_TESTS = Path.of("../testdata/onnx-node-tests-post-1.12/node");

  private static PassContext fold(Model m) {
    PassContext context = new PassContext();
    new FoldConstants(FoldConstants.Options.defaults().withFallback(new OrtEvaluator())).run(m, context);
    return context;
  }

  private static float[] folded(Model m) {
    return m.graph().outputs().get(0).constantValue().orElseThrow().toFloatArray();
  }

  /** {@code op}(x) with x = [-1, 0, 2] at opset 28, then times 2 when {@code timesTwo}. */
  private static Model unary(String op, boolean timesTwo) {
    GraphBuilder b = GraphBuilder.create(28);
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {3}, -1f, 0f, 2f));
    Value y = b.op(op, List.of(x), Attribute.of("alpha", 1f));
    if (timesTwo) {
      y = b.op("Mul", y, b.initializer("two", DenseTensor.ofFloats("two", new long[0], 2f)));
    }
    y.setName("y");
    b.output(y);
    return b.model();
  }

  @Test
  void olderOperatorsInAnOpset28ModelFold() {
    Model m = unary("Elu", true);
    PassContext context = fold(m);
    assertThat(m.graph().nodes()).as(context.diagnostics().toString()).isEmpty();
    assertThat(m.opsetImports().defaultVersion().getAsLong()).isEqualTo(28);
    // Elu: x for x > 0, alpha * (e^x - 1) otherwise; times 2.
    assertThat(folded(m)).containsExactly(new float[] {(float) (2 * (Math.exp(-1) - 1)), 0f, 4f}, Offset.offset(1e-6f));
  }

  @Test
  void anOperatorNewerThan26FoldsThroughItsFunctionBody() {
    Model m = unary("Celu", false);
    PassContext context = fold(m);
    assertThat(m.graph().nodes()).as(context.diagnostics().toString()).isEmpty();
    // Celu: max(0, x) + min(0, alpha * (e^(x / alpha) - 1)).
    assertThat(folded(m)).containsExactly(new float[] {(float) (Math.exp(-1) - 1), 0f, 2f}, Offset.offset(1e-6f));
  }

  @Test
  void anOperatorWithoutAnOrtKernelFoldsThroughItsFunctionBody() {
    // ONNX Runtime 1.26 knows Swish-24 but has no kernel for it.
    Model m = unary("Swish", false);
    PassContext context = fold(m);
    assertThat(m.graph().nodes()).as(context.diagnostics().toString()).isEmpty();
    // Swish: x * sigmoid(alpha * x).
    float[] want = new float[3];
    float[] x = {-1f, 0f, 2f};
    for (int i = 0; i < 3; i++) {
      want[i] = (float) (x[i] / (1 + Math.exp(-x[i])));
    }
    assertThat(folded(m)).containsExactly(want, Offset.offset(1e-6f));
  }

  @Test
  void swigluFoldsExpandedWithItsSwishExpandedTooToOnnxsExpectedOutput() throws IOException {
    Path test = NEWER_NODE_TESTS.resolve("test_swiglu");
    Model m = OnnxReader.read(test.resolve("model.onnx"));
    for (int i = m.graph().inputs().size() - 1; i >= 0; i--) {
      Value in = m.graph().inputs().get(i);
      m.graph().addInitializer(in, TensorReader.read(test.resolve("test_data_set_0/input_" + i + ".pb")));
      m.graph().removeInput(in);
    }
    PassContext context = fold(m);
    assertThat(m.graph().nodes()).as(context.diagnostics().toString()).isEmpty();
    Tensor expected = TensorReader.read(test.resolve("test_data_set_0/output_0.pb"));
    float[] want = DenseTensor.wrap("e", expected.dataType(), expected.dims(), expected.data().slice()).toFloatArray();
    assertThat(folded(m)).containsExactly(want, Offset.offset(1e-5f));
  }

  @Test
  void anOperatorNewerThan26WithoutAFunctionBodyIsRefusedNamingTheOpset() throws IOException {
    Path test = NEWER_NODE_TESTS.resolve("test_linear_attention_linear");
    Model m = OnnxReader.read(test.resolve("model.onnx"));
    for (int i = m.graph().inputs().size() - 1; i >= 0; i--) {
      Value in = m.graph().inputs().get(i);
      m.graph().addInitializer(in, TensorReader.read(test.resolve("test_data_set_0/input_" + i + ".pb")));
      m.graph().removeInput(in);
    }
    // NOTE: folding takes LinearAttention through its Java kernel, so ONNX Runtime's evaluator is
    // handed the node directly here.
    Node node = m.graph().nodes().get(0);
    java.util.Map<Value, Tensor> constants = new java.util.HashMap<>();
    for (Value in : node.inputs()) {
      if (in != null) {
        in.constantValue().ifPresent(t -> constants.put(in, t));
      }
    }
    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
        () -> new OrtEvaluator().evaluate(m, List.of(node), constants, java.util.Set.of(node.output(0))));
    assertThat(refused).isNotNull();
    assertThat(refused.getMessage()).contains("ONNX Runtime does not support opset 27"
        + " (LinearAttention-27 is newer and has no function body than the opset 26 of ONNX Runtime 1.26)");
    fold(m);
    assertThat(m.graph().nodes()).isEmpty();
  }
}
