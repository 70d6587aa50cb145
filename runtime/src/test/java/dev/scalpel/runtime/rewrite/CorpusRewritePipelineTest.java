package dev.scalpel.runtime.rewrite;

import dev.scalpel.runtime.CorpusModels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.PipelineResult;
import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.passes.common.RemoveUnused;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.passes.rewrite.RuleSet;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtEvaluator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Every reference model through infer-shapes, fold-constants (ONNX Runtime fallback), rewrite and
 * remove-unused to a fixed point runs the same in ONNX Runtime as the original, at two values of
 * each dynamic dim, and a second run of the pipeline changes nothing. Prints node counts and the
 * rules that fired.
 */
@Tag("corpus")
class CorpusRewritePipelineTest {

  @TestFactory
  Stream<DynamicTest> simplifiedModelsMatchTheOriginals() throws IOException {
    List<Path> models = CorpusModels.all();
    return models.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> simplifyAndCheck(p)));
  }

  private static PipelineResult pipeline(Model model) {
    return PassManager.builder()
        .add(new InferShapes())
        .add(new FoldConstants(FoldConstants.Options.defaults().withFallback(new OrtEvaluator())))
        .add(RuleSet.standard())
        .add(new RemoveUnused())
        .repeatUntilFixedPoint(8)
        .verifyAfterEachPass(true)
        .build().run(model);
  }

  private static void simplifyAndCheck(Path file) throws IOException {
    ModelSource original = ModelSource.read(file);
    Model simplified = ModelSource.read(file).model();
    int before = simplified.graph().nodeCount();
    PipelineResult first = pipeline(simplified);
    int after = simplified.graph().nodeCount();
    EquivalenceReport report = EquivalenceChecker.check(original, ModelSource.of(simplified), CheckOptions.defaults());
    PipelineResult second = pipeline(simplified);
    Map<String, Integer> fired = new TreeMap<>();
    first.passes().stream().filter(p -> p.passId().equals("rewrite"))
        .forEach(p -> p.changes().ruleApplications().forEach((rule, n) -> fired.merge(rule, n, Integer::sum)));
    System.out.printf(java.util.Locale.ROOT, "pipeline %-40s nodes %4d -> %4d  %s  ops %s  rules %s%n",
        file.getFileName(), before, after, report.passed() ? "EQUAL" : "DIFFERENT", count(simplified), fired);
    assertThat(report.passed()).as(report.toString()).isTrue();
    assertThat(simplified.graph().nodeCount()).as("second run").isEqualTo(after);
    assertThat(second.changed()).as("second run: " + second.totalChanges()).isFalse();
  }

  private static Map<String, Long> count(Model m) {
    return new TreeMap<>(m.graph().nodes().stream().collect(Collectors.groupingBy(Node::opType, Collectors.counting())));
  }
}
