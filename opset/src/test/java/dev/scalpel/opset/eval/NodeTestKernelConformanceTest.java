package dev.scalpel.opset.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.io.TensorReader;
import dev.scalpel.opset.OpId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's measurement for the Java kernels over ONNX's backend node tests: every test whose graph
 * is one node of an operator with a kernel at the model's opset is evaluated on its
 * test_data_set_0 inputs and compared with the expected outputs. Prints the count with a kernel,
 * the passes, and each failure; every test with a kernel must pass.
 */
@Tag("conformance")
class NodeTestKernelConformanceTest {

  /**
   * Tests whose kernel refuses by design, with the reason. NOTE: ONNX leaves the text of a number
   * cast to string to the implementation (the tests expect numpy's shortest repr), so Cast and
   * CastLike refuse number-to-string rather than guess a format.
   */
  private static final Map<String, String> REFUSED_BY_DESIGN = Map.of(
      "test_cast_FLOAT_to_STRING", "number-to-string format is implementation-defined",
      "test_castlike_FLOAT_to_STRING", "number-to-string format is implementation-defined",
      "test_castlike_FLOAT_to_STRING_expanded", "number-to-string format is implementation-defined",
      "test_maxpool_with_argmax_2d_precomputed_pads", "MaxPool's Indices output is left to ONNX Runtime",
      "test_maxpool_with_argmax_2d_precomputed_strides", "MaxPool's Indices output is left to ONNX Runtime");

  /**
   * Tests whose expected output ONNX wrote by hand to four decimals (every element is a
   * four-decimal number), so no exact evaluation matches it within 1e-5; they must agree within
   * {@link #FOUR_DECIMALS} instead (up to 5e-5 of rounding, plus what the authors' own inputs,
   * stored rounded to four decimals too, moved). The kernels are checked exactly by hand in
   * RoiAlignKernelTest and GridSampleKernelTest.
   */
  private static final java.util.Set<String> FOUR_DECIMAL_REFERENCE = java.util.Set.of(
      "test_roialign_aligned_false", "test_roialign_aligned_true", "test_gridsample_bicubic");
  private static final double FOUR_DECIMALS = 1e-4;

  /**
   * Tests whose expected output is not the spec's value: ONNX generated the window tests with pi
   * written as 3.1415 (their data equals that formula exactly and lies up to 7.4e-5 from the spec's;
   * measured with numpy over the six tests). The kernels follow the spec ({@link WindowKernelsTest}
   * checks them by hand), so these must fail here, and fail only here.
   */
  private static final java.util.Set<String> REFERENCE_OFF_SPEC = java.util.Set.of(
      "test_hannwindow", "test_hannwindow_symmetric", "test_hammingwindow", "test_hammingwindow_symmetric",
      "test_blackmanwindow", "test_blackmanwindow_symmetric");

  private static Path nodeTests() {
    return Path.of(System.getProperty("scalpel.conformance.dir", "/usr/share/libonnx-testdata/data")).resolve("node");
  }

  @Test
  void everyNodeTestWithAKernelPasses() throws IOException {
    List<Path> tests;
    try (Stream<Path> s = Files.list(nodeTests())) {
      tests = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
    }
    assertThat(tests).hasSizeGreaterThan(900);
    Kernels kernels = Kernels.standard();
    int covered = 0;
    List<String> failures = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    List<String> offSpec = new ArrayList<>();
    List<String> fourDecimals = new ArrayList<>();
    Map<String, int[]> byOp = new TreeMap<>();
    for (Path test : tests) {
      Model model = OnnxReader.read(test.resolve("model.onnx"));
      if (model.graph().nodeCount() != 1 || !tensorsOnly(model)) {
        continue;
      }
      Node node = model.graph().nodes().get(0);
      long opset = model.opsetImports().version(node.domain()).orElse(-1);
      Optional<OpKernel> kernel = kernels.lookup(OpId.of(node), opset);
      if (kernel.isEmpty()) {
        continue;
      }
      covered++;
      int[] counts = byOp.computeIfAbsent(node.opType() + "-" + opset, k -> new int[2]);
      counts[0]++;
      String problem = run(test, model, node, opset, kernel.get());
      if (problem != null && FOUR_DECIMAL_REFERENCE.contains(test.getFileName().toString())) {
        String coarse = runWithin(test, model, node, opset, kernel.get(), FOUR_DECIMALS);
        problem = coarse == null ? null : problem + "; to four decimals: " + coarse;
        fourDecimals.add(test.getFileName().toString());
      }
      if (problem == null) {
        counts[1]++;
      } else if (problem.startsWith("refused") && REFUSED_BY_DESIGN.containsKey(test.getFileName().toString())) {
        refused.add(test.getFileName() + ": " + REFUSED_BY_DESIGN.get(test.getFileName().toString()));
      } else if (REFERENCE_OFF_SPEC.contains(test.getFileName().toString())) {
        offSpec.add(test.getFileName().toString());
      } else {
        failures.add(test.getFileName() + " (" + node.opType() + " @" + opset + "): " + problem);
      }
    }
    System.out.println("[conformance] kernels: " + (covered - failures.size() - refused.size() - offSpec.size()) + " of " + covered
        + " single-node tests with a kernel pass; " + refused.size() + " refused by design, " + offSpec.size() + " off-spec references, " + failures.size() + " fail");
    refused.forEach(r -> System.out.println("[conformance]   refused " + r));
    byOp.forEach((op, c) -> System.out.println("[conformance]   " + op + ": " + c[1] + "/" + c[0]));
    failures.forEach(f -> System.out.println("[conformance]   FAIL " + f));
    System.out.println("[conformance]   differ from an off-spec reference (pi = 3.1415): " + offSpec);
    assertThat(failures).isEmpty();
    System.out.println("[conformance]   match only to their four-decimal references: " + fourDecimals);
    assertThat(offSpec).containsExactlyInAnyOrderElementsOf(REFERENCE_OFF_SPEC);
    assertThat(fourDecimals).containsExactlyInAnyOrderElementsOf(FOUR_DECIMAL_REFERENCE);
  }

  /**
   * NOTE: ONNX's generator stored bfloat16 test data as uint16 tensors (same bits, wrong label);
   * the graph declares the real type, so the bytes are read as the declared type when the widths
   * agree, as a runtime fed by the declared signature would read them.
   */
  private static Tensor asDeclared(Tensor t, Value v) {
    if (v.type() instanceof ValueType.TensorType tt && tt.elementType() != t.dataType()
        && tt.elementType().bitWidth() == t.dataType().bitWidth() && t.dataType() != DataType.STRING) {
      return DenseTensor.wrap(t.name(), tt.elementType(), t.dims(), t.data());
    }
    return t;
  }

  /** NOTE: sequence and optional values are no kernel's business (Identity of an optional, say). */
  private static boolean tensorsOnly(Model model) {
    return Stream.concat(model.graph().inputs().stream(), model.graph().outputs().stream())
        .allMatch(v -> v.type() instanceof ValueType.TensorType);
  }

  /** Null when every output matches, else what went wrong. */
  static String run(Path test, Model model, Node node, long opset, OpKernel kernel) throws IOException {
    return runWithin(test, model, node, opset, kernel, -1);
  }

  /**
   * Like {@link #run}; with {@code fourDecimals} >= 0, float outputs must instead be four-decimal
   * numbers and the computed ones within {@code fourDecimals} of them.
   */
  static String runWithin(Path test, Model model, Node node, long opset, OpKernel kernel, double fourDecimals)
      throws IOException {
    Path data = test.resolve("test_data_set_0");
    Map<String, Tensor> known = new TreeMap<>();
    for (Value v : model.graph().initializers()) {
      known.put(v.name(), v.initializer().get());
    }
    List<Value> fed = model.graph().inputs().stream().filter(v -> v.initializer().isEmpty()).toList();
    for (int i = 0; i < fed.size(); i++) {
      Path pb = data.resolve("input_" + i + ".pb");
      if (!Files.exists(pb)) {
        return "missing " + pb.getFileName();
      }
      known.put(fed.get(i).name(), asDeclared(TensorReader.read(pb), fed.get(i)));
    }
    List<Tensor> inputs = new ArrayList<>();
    for (Value v : node.inputs()) {
      inputs.add(v == null || v.name().isEmpty() ? null : known.get(v.name()));
    }
    List<Tensor> outputs;
    try {
      outputs = kernel.evaluate(EvalContext.of(node, inputs, opset, EvalContext.UNLIMITED));
    } catch (EvaluationException e) {
      return "refused: " + e.getMessage();
    } catch (RuntimeException e) {
      return "crashed: " + e;
    }
    List<Value> graphOutputs = model.graph().outputs();
    for (int i = 0; i < graphOutputs.size(); i++) {
      Tensor expected = asDeclared(TensorReader.read(data.resolve("output_" + i + ".pb")), graphOutputs.get(i));
      int at = node.outputs().indexOf(graphOutputs.get(i));
      if (at < 0 || at >= outputs.size()) {
        return "no output '" + graphOutputs.get(i).name() + "'";
      }
      String diff = fourDecimals < 0 ? TensorComparison.difference(outputs.get(at), expected)
          : TensorComparison.fourDecimalDifference(outputs.get(at), expected, fourDecimals);
      if (diff != null) {
        return "output " + i + ": " + diff;
      }
    }
    return null;
  }
}
