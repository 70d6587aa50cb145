package dev.scalpel.runtime.simplify;

import dev.scalpel.runtime.CorpusModels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.runtime.EquivalenceReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue #6's measurement over the reference corpus: every model, simplified with the defaults of
 * {@code scalpel simplify}, has the same outputs as the original through ONNX Runtime (two values of
 * each dynamic dim), no more nodes than the best of OnnxSlim, onnxscript, ONNX Runtime basic and
 * Polygraphy, strictly fewer on at least three models, and simplifying the result again changes
 * nothing.
 */
@Tag("corpus")
class CorpusSimplifyTest {
  /**
   * The best node count other tools reach, from ../shared/models/README.md (measured there with
   * OnnxSlim 0.1.96, onnxscript 0.7.2, ONNX Runtime 1.30 basic, Polygraphy 0.49).
   */
  private static final Map<String, Integer> BEST_OF_OTHERS = Map.of(
      "seed_sample_cbr_preserved.onnx", 2,
      "seed_sample_reshape.onnx", 8,
      "seed_sample_reshape_dynamic.onnx", 11,
      "seed_srcnn_fixed_x3.onnx", 6,
      "tv_shufflenet_v2_x0_5_op12_nofold.onnx", 186,
      "tv_squeezenet1_1_op12.onnx", 65,
      "tv_mobilenet_v3_small_dynamo.onnx", 122,
      "tv_resnet_tiny_op12_preserve_bn.onnx", 29,
      "hf_bert_tiny_op14.onnx", 146,
      "hf_bert_tiny_dynamo.onnx", 116);

  private final Map<String, Integer> ours = new LinkedHashMap<>();

  @TestFactory
  Stream<DynamicTest> simplifiedCorpus() throws IOException {
    List<Path> models = CorpusModels.all();
    List<DynamicTest> tests = new ArrayList<>();
    for (Path p : models) {
      tests.add(DynamicTest.dynamicTest(p.getFileName().toString(), () -> simplifyAndCheck(p)));
    }
    tests.add(DynamicTest.dynamicTest("strictly fewer nodes than every other tool on at least three models",
        this::strictlyFewerOnThree));
    return tests.stream();
  }

  private void simplifyAndCheck(Path file) throws IOException {
    String name = file.getFileName().toString();
    Model original = OnnxReader.read(file);
    SimplifyResult result = Simplifier.simplify(original, SimplifyOptions.defaults());
    SimplifyReport r = result.report();
    EquivalenceReport check = r.validation().orElseThrow();
    int nodes = r.after().nodes();
    ours.put(name, nodes);
    Integer best = BEST_OF_OTHERS.get(name);
    System.out.printf(Locale.ROOT, "simplify %-42s %4d -> %4d nodes (best other tool: %s), %d rounds, %.0f ms, check %.0f ms, %s%n",
        name, r.before().nodes(), nodes, best == null ? "-" : best, r.rounds(), r.elapsed().toNanos() / 1e6,
        r.validationElapsed().toNanos() / 1e6, check.passed() ? "equivalent over " + check.runs() : "DIFFERENT");
    assertThat(check.passed()).as(check.toString()).isTrue();
    if (!check.runs().get(0).isEmpty()) {
      assertThat(check.runs()).as("two values of each dynamic dim").hasSizeGreaterThanOrEqualTo(2);
    }
    if (best != null) {
      assertThat(nodes).as(name + ": nodes after simplify vs the best other tool").isLessThanOrEqualTo(best);
    }

    byte[] once = OnnxWriter.toBytes(result.model());
    SimplifyResult again = Simplifier.simplify(result.model(), SimplifyOptions.defaults().withValidate(false));
    assertThat(again.report().rounds()).as(name + ": a second simplify finds nothing to do").isEqualTo(1);
    assertThat(OnnxWriter.toBytes(again.model())).as(name + ": a second simplify changes no byte").isEqualTo(once);
  }

  private void strictlyFewerOnThree() {
    assertThat(ours.keySet()).as("every model of the table was simplified").containsAll(BEST_OF_OTHERS.keySet());
    List<String> strictly = new ArrayList<>();
    BEST_OF_OTHERS.forEach((model, best) -> {
      if (ours.get(model) < best) {
        strictly.add(model + " " + ours.get(model) + " < " + best);
      }
    });
    System.out.println("simplify: strictly fewer nodes than every other tool on " + strictly);
    assertThat(strictly).hasSizeGreaterThanOrEqualTo(3);
  }
}
