package dev.scalpel.runtime.fold;

import dev.scalpel.runtime.CorpusModels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.passes.common.RemoveUnused;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtEvaluator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Every reference model, folded (infer-shapes, fold-constants with the ONNX Runtime fallback,
 * remove-unused), gives the same outputs in ONNX Runtime as the original at two values of each
 * dynamic dim. Prints node counts before and after.
 */
@Tag("corpus")
class CorpusFoldTest {

  @TestFactory
  Stream<DynamicTest> everyFoldedModelMatchesTheOriginal() throws IOException {
    List<Path> models = CorpusModels.all();
    return models.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> foldAndCheck(p)));
  }

  private static void foldAndCheck(Path file) throws IOException {
    ModelSource original = ModelSource.read(file);
    Model folded = ModelSource.read(file).model();
    int before = folded.graph().nodeCount();
    long start = System.nanoTime();
    var result = PassManager.builder()
        .add(new InferShapes())
        .add(new FoldConstants(FoldConstants.Options.defaults().withFallback(new OrtEvaluator())))
        .add(new RemoveUnused())
        .repeatUntilFixedPoint(4)
        .verifyAfterEachPass(true)
        .build().run(folded);
    double ms = (System.nanoTime() - start) / 1e6;
    EquivalenceReport report = EquivalenceChecker.check(original, ModelSource.of(folded), CheckOptions.defaults());
    long skips = result.passes().stream().filter(p -> p.passId().equals("fold-constants"))
        .mapToLong(p -> p.diagnostics().size()).sum();
    System.out.printf(java.util.Locale.ROOT, "fold %-40s nodes %4d -> %4d  (%6.1f ms, %d fold diagnostics, equivalent=%s)%n",
        file.getFileName(), before, folded.graph().nodeCount(), ms, skips, report.passed());
    assertThat(report.passed()).as(report.toString()).isTrue();
  }
}
