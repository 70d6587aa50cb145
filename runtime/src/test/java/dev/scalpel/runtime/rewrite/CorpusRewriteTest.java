package dev.scalpel.runtime.rewrite;

import dev.scalpel.runtime.CorpusModels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.passes.rewrite.RuleSet;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.DimPlanner;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.InputSpec;
import dev.scalpel.runtime.ModelSource;
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
 * Every reference model, after shape inference and the {@code rewrite} rule set, runs the same in
 * ONNX Runtime at two values of each dynamic dim; prints node counts before and after.
 */
@Tag("corpus")
class CorpusRewriteTest {

  @TestFactory
  Stream<DynamicTest> rewrittenModelsMatchTheOriginals() throws IOException {
    List<Path> models = CorpusModels.all();
    return models.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> rewriteAndCheck(p)));
  }

  private static void rewriteAndCheck(Path file) throws IOException {
    ModelSource original = ModelSource.read(file);
    Model rewritten = ModelSource.read(file).model();
    int before = rewritten.graph().nodeCount();
    new InferShapes().run(rewritten, new PassContext());
    PassContext context = new PassContext();
    RuleSet.standard().run(rewritten, context);
    EquivalenceReport report = EquivalenceChecker.check(original, ModelSource.of(rewritten), CheckOptions.defaults());
    System.out.printf(java.util.Locale.ROOT, "rewrite %-40s nodes %4d -> %4d  %s  removed %s  %s%n",
        file.getFileName(), before, rewritten.graph().nodeCount(), report.passed() ? "EQUAL" : "DIFFERENT",
        removedOps(original.model(), rewritten), context.diagnostics());
    assertThat(report.passed()).as(report.toString()).isTrue();
    for (String symbol : DimPlanner.symbols(InputSpec.of(original.model()))) {
      assertThat(report.runs()).as(symbol).extracting(m -> m.get(symbol)).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(2);
    }
  }

  private static Map<String, Long> removedOps(Model before, Model after) {
    Map<String, Long> diff = new TreeMap<>(count(before));
    count(after).forEach((op, n) -> diff.merge(op, -n, Long::sum));
    diff.values().removeIf(n -> n == 0);
    return diff;
  }

  private static Map<String, Long> count(Model m) {
    return m.graph().nodes().stream().collect(Collectors.groupingBy(Node::opType, Collectors.counting()));
  }
}
