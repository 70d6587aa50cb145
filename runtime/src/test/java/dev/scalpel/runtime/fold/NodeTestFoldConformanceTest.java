package dev.scalpel.runtime.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.TensorReader;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.runtime.ModelRole;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtEvaluator;
import dev.scalpel.runtime.OrtRunner;
import dev.scalpel.runtime.TensorComparator;
import dev.scalpel.runtime.TensorDiff;
import dev.scalpel.runtime.Tolerance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import dev.scalpel.runtime.fold.NodeTestFolding.Outcome;
import dev.scalpel.runtime.fold.NodeTestFolding.Result;

/**
 * Issue 4, measurement 1: for every ONNX backend node test, the inputs of test_data_set_0 become
 * initializers, {@link FoldConstants} runs, and each graph output must have become a constant equal
 * to the expected output (integers, bools and strings exactly; floats within a tight tolerance,
 * NaN only where NaN is expected; {@link NodeTestFolding}). Run twice: Java kernels only, and with the ONNX Runtime
 * fallback. Every test that does not fold lands in a named category with its justification; a
 * wrong result, a crash, or an unexplained miss fails the test.
 */
@Tag("conformance")
class NodeTestFoldConformanceTest {

  private static List<Path> tests;

  @BeforeAll
  static void listTests() throws IOException {
    Path dir = Path.of(System.getProperty("scalpel.conformance.dir", "/usr/share/libonnx-testdata/data")).resolve("node");
    try (Stream<Path> s = Files.list(dir)) {
      tests = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
    }
    assertThat(tests).hasSizeGreaterThan(900);
  }

  /**
   * NOTE: the node tests check what each op folds to. Folding keeps quantization by default (a
   * DequantizeLinear of constant int8 data stays, see QdqPreservationTest), so these runs opt in
   * as {@code --fold-qdq} does, to measure the Q/DQ kernels too.
   */
  private static final FoldConstants.Options KERNELS_ONLY = FoldConstants.Options.defaults().withFoldQdq(true);

  @Test
  void javaKernelsOnly() throws IOException {
    List<Result> results = runAll(KERNELS_ONLY);
    List<Result> withKernels = results.stream().filter(Result::allOpsHaveKernels).toList();
    long passing = withKernels.stream().filter(r -> r.outcome() == Outcome.PASS).count();
    report("java-only", results);
    System.out.printf(Locale.ROOT, "[fold-conformance] java-only: %d of %d tests have only ops with a Java kernel;"
        + " %d of those pass%n", withKernels.size(), results.size(), passing);
    assertThat(withKernels).filteredOn(r -> r.outcome() != Outcome.PASS && r.outcome() != Outcome.REFUSED_BY_DESIGN
            && r.outcome() != Outcome.REFERENCE_OFF_SPEC && r.outcome() != Outcome.REFERENCE_FOUR_DECIMALS)
        .as("tests whose ops all have Java kernels and that do not fold right").isEmpty();
    assertAccepted(results);
  }

  @Test
  void withOrtFallback() throws IOException {
    List<Result> results = runAll(KERNELS_ONLY.withFallback(new OrtEvaluator()));
    report("with-ort", results);
    assertThat(results).filteredOn(r -> r.outcome() == Outcome.NO_KERNEL).isEmpty();
    assertThat(results).filteredOn(r -> r.allOpsHaveKernels() && r.outcome() != Outcome.PASS
        && r.outcome() != Outcome.REFUSED_BY_DESIGN && r.outcome() != Outcome.REFERENCE_OFF_SPEC
        && r.outcome() != Outcome.REFERENCE_FOUR_DECIMALS).isEmpty();
    assertAccepted(results);
  }

  private static void assertAccepted(List<Result> results) {
    assertThat(results)
        .filteredOn(r -> r.outcome() == Outcome.WRONG || r.outcome() == Outcome.CRASH || r.outcome() == Outcome.UNEXPLAINED)
        .as("wrong, crashed or unexplained").isEmpty();
  }

  private static void report(String run, List<Result> results) {
    Map<Outcome, List<Result>> by = new EnumMap<>(Outcome.class);
    results.forEach(r -> by.computeIfAbsent(r.outcome(), k -> new ArrayList<>()).add(r));
    System.out.printf(Locale.ROOT, "[fold-conformance] %s: %d of %d node tests fold to the expected outputs%n", run,
        by.getOrDefault(Outcome.PASS, List.of()).size(), results.size());
    by.forEach((outcome, rs) -> {
      System.out.printf(Locale.ROOT, "[fold-conformance] %s:   %-17s %4d  (%s)%n", run, outcome, rs.size(), outcome.why);
      if (outcome != Outcome.PASS) {
        rs.forEach(r -> System.out.printf(Locale.ROOT, "[fold-conformance] %s:     %s %s%n", run, r.test(),
            r.detail().length() > 300 ? r.detail().substring(0, 300) + "..." : r.detail()));
      }
    });
  }

  private static List<Result> runAll(FoldConstants.Options options) throws IOException {
    List<Result> out = new ArrayList<>();
    for (Path test : tests) {
      out.add(NodeTestFolding.run(test, options));
    }
    return out;
  }

}
