package dev.scalpel.opset.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.TensorReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The measurement of issue 3 over ONNX's backend node tests: each graph output's declared type is
 * removed, the model inferred, and the result compared with the declaration, (a) as the tests
 * come (sound: no inferred static dim, rank or element type contradicts the declaration) and (b)
 * with the test's input data as initializers (exact: the inference says everything the test
 * declares). Prints both rates, the failures, and the operators they fall on.
 */
@Tag("conformance")
class NodeTestInferenceConformanceTest {
  /**
   * NOTE: a ratchet at the measured exact count (98.9%, above the goal of 98% of the tests that
   * declare their outputs), once the loss, training and newest operators had rules and values
   * propagated through Neg, ConstantOfShape and casts to float. Raise it whenever the rate rises.
   */
  private static final int EXACT_AT_LEAST = 901;

  private static Path nodeTests() {
    return Path.of(System.getProperty("scalpel.conformance.dir", "/usr/share/libonnx-testdata/data")).resolve("node");
  }

  private static List<Path> tests() throws IOException {
    try (Stream<Path> s = Files.list(nodeTests())) {
      return s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
    }
  }

  /** One failing output: the test, the output, the operator producing it, and what is wrong. */
  private record Finding(String test, String output, String op, String problem) {
    @Override
    public String toString() {
      return test + " '" + output + "' (" + op + "): " + problem;
    }
  }

  @Test
  void inferenceIsSoundAsTheTestsComeAndExactWithTheirInputsKnown() throws IOException {
    List<Path> tests = tests();
    assertThat(tests).hasSizeGreaterThan(900);
    List<Finding> violations = new ArrayList<>();
    List<Finding> inexact = new ArrayList<>();
    int declaring = 0;
    int exact = 0;
    for (Path test : tests) {
      String name = test.getFileName().toString();
      violations.addAll(check(name, read(test), false));
      Model withData = read(test);
      if (!declaresOutputs(withData)) {
        continue;
      }
      declaring++;
      feedInputs(withData, test.resolve("test_data_set_0"));
      List<Finding> problems = check(name, withData, true);
      if (problems.isEmpty()) {
        exact++;
      } else {
        inexact.add(problems.get(0));
      }
    }
    System.out.println("[conformance] (a) sound: " + (tests.size() - countTests(violations)) + " of " + tests.size()
        + " tests, " + violations.size() + " violations");
    violations.forEach(v -> System.out.println("[conformance]   violation: " + v));
    System.out.printf("[conformance] (b) exact: %d of %d tests that declare their outputs (%.1f%%)%n",
        exact, declaring, 100.0 * exact / declaring);
    System.out.println("[conformance]   inexact by operator: " + byOperator(inexact));
    inexact.forEach(f -> System.out.println("[conformance]   inexact: " + f));

    assertThat(violations).as("unsound inferences").isEmpty();
    assertThat(declaring).isEqualTo(911);
    assertThat(exact).as("exact inferences (ratchet)").isGreaterThanOrEqualTo(EXACT_AT_LEAST);
  }

  private static Model read(Path test) throws IOException {
    return OnnxReader.read(test.resolve("model.onnx"));
  }

  private static boolean declaresOutputs(Model m) {
    // NOTE: as the issue counts them (911): every output a tensor whose shape is declared.
    return m.graph().outputs().stream()
        .allMatch(v -> v.type() instanceof ValueType.TensorType t && t.shape() != null);
  }

  /**
   * Removes each output's declared type, infers, and compares: {@code exact} asks for everything
   * declared, otherwise only for no contradiction.
   */
  private static List<Finding> check(String test, Model model, boolean exact) {
    List<Value> outputs = model.graph().outputs();
    List<ValueType> declared = new ArrayList<>();
    for (Value v : outputs) {
      declared.add(v.type());
      v.setType(null);
    }
    ShapeInference.run(model);
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      Value v = outputs.get(i);
      String problem = exact ? DeclaredTypeComparison.inexact(declared.get(i), v.type())
          : DeclaredTypeComparison.unsound(declared.get(i), v.type());
      if (problem != null) {
        out.add(new Finding(test, v.name(), producer(v), problem));
      }
    }
    return out;
  }

  private static String producer(Value v) {
    Node n = v.producer();
    return n == null ? "graph input" : n.opType();
  }

  /** Turns the graph inputs fed by {@code input_N.pb} into initializers holding that data. */
  private static void feedInputs(Model model, Path dataSet) throws IOException {
    Graph g = model.graph();
    List<Value> fed = g.inputs().stream().filter(v -> v.initializer().isEmpty()).toList();
    for (int i = 0; i < fed.size(); i++) {
      Path pb = dataSet.resolve("input_" + i + ".pb");
      if (!Files.exists(pb)) {
        continue;
      }
      Tensor t;
      try {
        t = TensorReader.read(pb);
      } catch (InvalidModelException e) {
        // NOTE: sequence and optional inputs are SequenceProto/OptionalProto files: they stay inputs.
        continue;
      }
      Value v = fed.get(i);
      g.addInitializer(v, t);
      g.removeInput(v);
    }
  }

  private static long countTests(List<Finding> findings) {
    return findings.stream().map(Finding::test).distinct().count();
  }

  private static String byOperator(List<Finding> findings) {
    Map<String, Long> counts = findings.stream().collect(Collectors.groupingBy(Finding::op, TreeMap::new, Collectors.counting()));
    return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
  }
}
