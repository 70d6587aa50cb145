package dev.scalpel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Every reference model validates against itself at two values of each dynamic dim. Runs in the
 * corpus profile ({@code mvn -Pcorpus}); prints the checker's time per model.
 */
@Tag("corpus")
class CorpusValidationTest {

  @TestFactory
  Stream<DynamicTest> everyModelValidatesAgainstItself() throws IOException {
    List<Path> models = CorpusModels.all();
    return models.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> validate(p)));
  }

  private static void validate(Path file) throws IOException {
    long start = System.nanoTime();
    ModelSource original = ModelSource.read(file);
    ModelSource rewritten = ModelSource.read(file);
    EquivalenceReport report = EquivalenceChecker.check(original, rewritten, CheckOptions.defaults());
    double ms = (System.nanoTime() - start) / 1e6;

    assertThat(report.passed()).as(report.toString()).isTrue();
    for (String symbol : DimPlanner.symbols(InputSpec.of(original.model()))) {
      assertThat(report.runs()).as(symbol).extracting(m -> m.get(symbol)).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(2);
    }
    Map<String, Long> first = report.runs().get(0);
    System.out.printf(java.util.Locale.ROOT, "corpus %-40s %8.1f ms total (load %.1f ms, run %.2f ms mean, %d runs %s)%n",
        file.getFileName(), ms, report.timings().originalLoadMs(), report.timings().originalMeanRunMs(),
        report.runs().size(), first.isEmpty() ? "static" : report.runs());
  }
}
