package dev.scalpel.runtime.shape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.TensorReader;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.PassRegistry;
import dev.scalpel.passes.PipelineResult;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.ModelNotRunnableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The constant, shape and CSE passes over ONNX's backend node tests (the expanded function tests
 * are multi-node graphs full of Constant nodes and shape arithmetic): every model the passes
 * change must give, on its test_data_set_0 inputs, the outputs ONNX Runtime gives for the
 * original. Models ONNX Runtime cannot run, or with non-tensor inputs or outputs, are skipped.
 */
@Tag("conformance")
class NodeTestShapePassesConformanceTest {
  private static final String PIPELINE = "infer-shapes,constants-to-initializers,fold-constants,"
      + "eliminate-common-subexpressions,rewrite,remove-unused";

  private static Path nodeTests() {
    return Path.of(System.getProperty("scalpel.conformance.dir", "/usr/share/libonnx-testdata/data")).resolve("node");
  }

  @Test
  void everyChangedNodeTestKeepsItsOutputs() throws IOException {
    List<Path> tests;
    try (Stream<Path> s = Files.list(nodeTests())) {
      tests = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
    }
    assertThat(tests).hasSizeGreaterThan(900);
    int changed = 0;
    int checked = 0;
    List<String> failures = new ArrayList<>();
    for (Path test : tests) {
      Model original = OnnxReader.read(test.resolve("model.onnx"));
      if (!tensorsOnly(original)) {
        continue;
      }
      Model rewritten = original.deepCopy();
      PipelineResult result;
      try {
        result = PassManager.builder().addAll(PassRegistry.standard().parsePipeline(PIPELINE))
            .repeatUntilFixedPoint(4).verifyAfterEachPass(true).build().run(rewritten);
      } catch (RuntimeException e) {
        failures.add(test.getFileName() + ": passes failed: " + e);
        continue;
      }
      if (rewritten.graph().nodeCount() == original.graph().nodeCount() && !result.changed()) {
        continue;
      }
      changed++;
      Map<String, Tensor> inputs = inputs(test, original);
      if (inputs == null) {
        continue;
      }
      try {
        EquivalenceReport report = EquivalenceChecker.check(original, rewritten, CheckOptions.defaults().withInputs(inputs));
        checked++;
        if (!report.passed()) {
          failures.add(test.getFileName() + ": " + report);
        }
      } catch (ModelNotRunnableException | UnsupportedOperationException e) {
        // NOTE: operators or types ONNX Runtime 1.26 or the checker cannot handle say nothing about the passes.
      }
    }
    System.out.printf("shape passes on node tests: %d changed, %d checked through ONNX Runtime, %d failures%n",
        changed, checked, failures.size());
    failures.forEach(f -> System.out.println("  " + f));
    assertThat(failures).isEmpty();
    assertThat(checked).isGreaterThan(50);
  }

  private static boolean tensorsOnly(Model model) {
    return Stream.concat(model.graph().inputs().stream(), model.graph().outputs().stream())
        .allMatch(v -> v.type() instanceof ValueType.TensorType);
  }

  /** The test's inputs by name, read as the declared types; null when one is missing. */
  private static Map<String, Tensor> inputs(Path test, Model model) throws IOException {
    Path data = test.resolve("test_data_set_0");
    List<Value> fed = model.graph().inputs().stream().filter(v -> v.initializer().isEmpty()).toList();
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < fed.size(); i++) {
      Path pb = data.resolve("input_" + i + ".pb");
      if (!Files.exists(pb)) {
        return null;
      }
      Tensor t = TensorReader.read(pb);
      if (fed.get(i).type() instanceof ValueType.TensorType tt && tt.elementType() != t.dataType()
          && tt.elementType().bitWidth() == t.dataType().bitWidth() && t.dataType() != DataType.STRING) {
        t = DenseTensor.wrap(t.name(), tt.elementType(), t.dims(), t.data());
      }
      out.put(fed.get(i).name(), t);
    }
    return out;
  }
}
