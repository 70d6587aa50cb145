package dev.scalpel.runtime.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.runtime.OrtEvaluator;
import dev.scalpel.runtime.Tolerance;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, small types: ONNX's node tests of Cast, CastLike, QuantizeLinear and DequantizeLinear,
 * and of StringConcat and StringSplit (string results read back from ONNX Runtime), copied from
 * onnx/onnx at commit 6be0677 into {@code onnx-node-small-types/}, fold to their expected outputs:
 * the inputs of test_data_set_0 become initializers, {@link FoldConstants} runs (quantization
 * folded, as {@code --fold-qdq}), and every graph output must be a constant equal to the expected
 * output, bit for bit for the float8, float4, integer and string types. The string ops have no Java
 * kernel, so only the run with the ONNX Runtime fallback must fold them.
 *
 * <p>The tests whose result ONNX does not define one way are listed in {@link #UNDEFINED}; they
 * must not fold (a fold would pick one reading), with or without ONNX Runtime.
 */
class SmallTypeNodeTestsTest {
  /** Names of the tests that involve a type narrower than 16 bits. */
  static final Pattern SMALL_TYPE = Pattern.compile(
      "(?i).*(float8|e4m3|e5m2|e8m0|float4|int4|uint4|int2|uint2).*");

  /** Tests whose expected output ONNX's own texts disagree on, with the reason. */
  static final Map<String, String> UNDEFINED = Map.of(
      "test_cast_FLOAT_to_FLOAT4E2M1", "NaN to float4e2m1: float4.md says 6, the test expects -0",
      "test_cast_FLOAT16_to_FLOAT4E2M1", "NaN to float4e2m1: float4.md says 6, the test expects -0",
      "test_castlike_FLOAT_to_FLOAT4E2M1", "NaN to float4e2m1: float4.md says 6, the test expects -0",
      "test_castlike_FLOAT_to_FLOAT4E2M1_expanded", "NaN to float4e2m1: float4.md says 6, the test expects -0",
      "test_castlike_FLOAT16_to_FLOAT4E2M1", "NaN to float4e2m1: float4.md says 6, the test expects -0",
      "test_castlike_FLOAT16_to_FLOAT4E2M1_expanded", "NaN to float4e2m1: float4.md says 6, the test expects -0");

  /** Floats of 16 bits or more within a tight tolerance; everything else bit for bit. */
  private static final NodeTestFolding.Comparison BIT_FOR_BIT = new NodeTestFolding.Comparison(
      new Tolerance(1e-6, 1e-6), new Tolerance(1e-3, 1e-3), new Tolerance(1e-2, 1e-2), true);

  /** Tests of ops without a Java kernel, folded only through ONNX Runtime. */
  static final Pattern ORT_ONLY = Pattern.compile("test_string_.*");

  private static List<Path> tests;

  @BeforeAll
  static void listTests() throws IOException, URISyntaxException {
    Path dir = Path.of(SmallTypeNodeTestsTest.class.getResource("/onnx-node-small-types").toURI());
    try (Stream<Path> s = Files.list(dir)) {
      tests = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
    }
    assertThat(tests).hasSizeGreaterThan(190);
  }

  /** The outcome of one test: null when it folded to the expected outputs, else why not. */
  private record Outcome(String test, boolean wrong, String problem) {
    boolean passed() {
      return problem == null;
    }
  }

  @Test
  void javaKernelsFoldEverySmallTypeTestToItsExpectedOutput() throws IOException {
    List<Outcome> outcomes = runAll(FoldConstants.Options.defaults().withFoldQdq(true));
    report("java-only", outcomes);
    assertThat(outcomes).filteredOn(Outcome::wrong).as("folded to a wrong value").isEmpty();
    assertThat(outcomes).filteredOn(o -> !o.passed() && !UNDEFINED.containsKey(o.test())
            && !ORT_ONLY.matcher(o.test()).matches())
        .as("did not fold to the expected output").isEmpty();
    assertThat(outcomes).filteredOn(o -> o.passed() && UNDEFINED.containsKey(o.test()))
        .as("folded although ONNX gives no single result").isEmpty();
  }

  @Test
  void withOrtFallbackNothingFoldsWrongAndUndefinedCastsStayUnfolded() throws IOException {
    List<Outcome> outcomes = runAll(FoldConstants.Options.defaults().withFoldQdq(true).withFallback(new OrtEvaluator()));
    report("with-ort", outcomes);
    assertThat(outcomes).filteredOn(Outcome::wrong).as("folded to a wrong value").isEmpty();
    assertThat(outcomes).filteredOn(o -> !o.passed() && !UNDEFINED.containsKey(o.test()))
        .as("did not fold to the expected output").isEmpty();
    assertThat(outcomes).filteredOn(o -> o.passed() && UNDEFINED.containsKey(o.test()))
        .as("folded although ONNX gives no single result").isEmpty();
  }

  private static void report(String run, List<Outcome> outcomes) {
    long all = outcomes.stream().filter(Outcome::passed).count();
    List<Outcome> small = outcomes.stream().filter(o -> SMALL_TYPE.matcher(o.test()).matches()).toList();
    long smallPassed = small.stream().filter(Outcome::passed).count();
    System.out.printf(Locale.ROOT, "[small-types] %s: %d of %d small-type node tests fold to the expected output"
        + " (%d of %d tests in all)%n", run, smallPassed, small.size(), all,
        outcomes.size());
    Map<String, String> failed = new TreeMap<>();
    outcomes.stream().filter(o -> !o.passed()).forEach(o -> failed.put(o.test(), (o.wrong() ? "WRONG " : "") + o.problem()));
    failed.forEach((t, why) -> System.out.printf(Locale.ROOT, "[small-types] %s:   %s: %s%n", run, t,
        why.length() > 240 ? why.substring(0, 240) + "..." : why));
  }

  private static List<Outcome> runAll(FoldConstants.Options options) throws IOException {
    List<Outcome> out = new ArrayList<>();
    for (Path t : tests) {
      out.add(run(t, options));
    }
    return out;
  }

  private static Outcome run(Path test, FoldConstants.Options options) throws IOException {
    String name = test.getFileName().toString();
    Model model = OnnxReader.read(test.resolve("model.onnx"));
    NodeTestFolding.feedAsInitializers(model, test);
    PassContext context = new PassContext();
    try {
      new FoldConstants(options).run(model, context);
    } catch (RuntimeException e) {
      return new Outcome(name, false, "threw " + e);
    }
    List<Value> outputs = model.graph().outputs();
    for (int i = 0; i < outputs.size(); i++) {
      Optional<Tensor> folded = outputs.get(i).constantValue();
      if (folded.isEmpty()) {
        return new Outcome(name, false, "output " + i + " not folded: " + context.diagnostics());
      }
      Tensor expected = NodeTestFolding.expectedOutput(test, i, outputs.get(i));
      String diff = NodeTestFolding.difference(folded.get(), expected, BIT_FOR_BIT);
      if (diff != null) {
        return new Outcome(name, true, "output " + i + ": " + diff);
      }
    }
    return new Outcome(name, false, null);
  }
}
