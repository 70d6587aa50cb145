package dev.scalpel.opset.infer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.TensorReader;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.ShapeInference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ONNX backend node tests of the operators of the neural-network, matrix, reduction,
 * normalization, quantization, signal, random and text families: with the declared output types
 * removed, inference must agree with them, (a) with inputs fed at run time: element type, rank
 * and every inferred static dim; (b) with the test's inputs made initializers: exactly.
 */
class NeuralNetworkNodeConformanceTest {

  private static Set<OpId> familyOperators() {
    InferenceRules.Builder b = InferenceRules.builder();
    AttentionRules.register(b);
    ConvolutionRules.register(b);
    DetectionRules.register(b);
    EinsumRules.register(b);
    ImageRules.register(b);
    MatrixRules.register(b);
    NormalizationRules.register(b);
    PoolingRules.register(b);
    QuantizationRules.register(b);
    RandomRules.register(b);
    RecurrentRules.register(b);
    ReductionRules.register(b);
    SignalRules.register(b);
    TextRules.register(b);
    return b.build().operators();
  }

  @Test
  @Tag("conformance")
  void familyNodeTestsAgreeWithDeclaredOutputs() throws IOException {
    Path root = Path.of(System.getProperty("scalpel.conformance.dir", "/usr/share/libonnx-testdata/data")).resolve("node");
    Set<OpId> ops = familyOperators();
    List<Path> tests;
    try (Stream<Path> s = Files.list(root)) {
      tests = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
    }
    int total = 0;
    int soundA = 0;
    int exactA = 0;
    int exactB = 0;
    List<String> failures = new ArrayList<>();
    for (Path test : tests) {
      Model probe = OnnxReader.read(test.resolve("model.onnx"));
      boolean mine = probe.graph().nodes().stream().anyMatch(n -> ops.contains(OpId.of(n)));
      if (!mine || probe.graph().outputs().stream().noneMatch(v -> v.type() instanceof ValueType.TensorType)) {
        continue;
      }
      total++;
      String name = test.getFileName().toString();
      Outcome a = check(probe);
      Model fed = OnnxReader.read(test.resolve("model.onnx"));
      feedInputs(fed, test.resolve("test_data_set_0"));
      Outcome b = check(fed);
      soundA += a.sound ? 1 : 0;
      exactA += a.exact ? 1 : 0;
      exactB += b.exact ? 1 : 0;
      if (!a.sound || !b.exact) {
        failures.add(name + (a.sound ? "" : " [unsound]") + " (a) " + a.detail + " | (b) " + b.detail);
      }
    }
    System.out.printf("family node tests: %d; (a) sound %d, exact %d; (b) exact %d%n", total, soundA, exactA, exactB);
    failures.forEach(f -> System.out.println("  " + f));
    assertThat(total).isGreaterThan(0);
  }

  private record Outcome(boolean sound, boolean exact, String detail) {}

  private static Outcome check(Model model) {
    List<ValueType> declared = new ArrayList<>();
    for (Value v : model.graph().outputs()) {
      declared.add(v.type());
      v.setType(null);
    }
    ShapeInference.Result result = ShapeInference.run(model);
    boolean sound = true;
    boolean exact = true;
    StringBuilder detail = new StringBuilder();
    for (int i = 0; i < declared.size(); i++) {
      ValueType want = declared.get(i);
      ValueType got = model.graph().outputs().get(i).type();
      if (!(want instanceof ValueType.TensorType w)) {
        continue;
      }
      boolean s = got instanceof ValueType.TensorType g && g.elementType() == w.elementType()
          && (w.shape() == null || g.shape() == null || compatible(w.shape(), g.shape()));
      boolean e = got instanceof ValueType.TensorType g2 && g2.elementType() == w.elementType()
          && java.util.Objects.equals(w.shape(), g2.shape());
      sound &= s;
      exact &= e;
      if (!e) {
        detail.append(model.graph().outputs().get(i).name()).append(": want ").append(want).append(" got ").append(got).append("; ");
      }
    }
    if (!exact && !result.operatorsWithoutRule().isEmpty()) {
      detail.append("no rule for ").append(result.operatorsWithoutRule());
    }
    return new Outcome(sound, exact, detail.toString());
  }

  private static boolean compatible(Shape want, Shape got) {
    if (want.rank() != got.rank()) {
      return false;
    }
    for (int i = 0; i < want.rank(); i++) {
      Dim w = want.dims().get(i);
      Dim g = got.dims().get(i);
      if (g instanceof Dim.Static gs && w instanceof Dim.Static ws && gs.value() != ws.value()) {
        return false;
      }
    }
    return true;
  }

  private static void feedInputs(Model model, Path set) throws IOException {
    List<Value> inputs = model.graph().inputs().stream().filter(v -> v.initializer().isEmpty()).toList();
    for (int i = 0; i < inputs.size(); i++) {
      Path pb = set.resolve("input_" + i + ".pb");
      Value v = inputs.get(i);
      if (!Files.exists(pb) || !(v.type() instanceof ValueType.TensorType)) {
        continue;
      }
      Tensor t = TensorReader.read(pb);
      model.graph().addInitializer(v, t);
      model.graph().removeInput(v);
    }
  }
}
