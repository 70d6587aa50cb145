package dev.scalpel.runtime.trt;

import dev.scalpel.runtime.CorpusModels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.passes.PassManager;
import dev.scalpel.opset.lint.trt.TrtReadiness;
import dev.scalpel.passes.Pipelines;
import dev.scalpel.opset.lint.trt.TrtReport;
import dev.scalpel.opset.lint.trt.TrtVersion;
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
 * The repairs of {@code scalpel trt --fix} for TensorRT 8.6 (folding and INT64 narrowing) on every
 * reference model keep ONNX Runtime's outputs; prints the readiness before and after.
 */
@Tag("corpus")
class CorpusTrtRepairsTest {

  @TestFactory
  Stream<DynamicTest> repairsKeepEveryModelsOutputs() throws IOException {
    List<Path> models = CorpusModels.all();
    return models.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> repair(p)));
  }

  private static void repair(Path file) throws IOException {
    ModelSource original = ModelSource.read(file);
    Model fixed = ModelSource.read(file).model();
    TrtReport before = TrtReadiness.check(original.model(), TrtVersion.V8_6);
    PassManager.builder().addAll(Pipelines.trtRepairs(TrtVersion.V8_6, Pipelines.Options.defaults().withFallback(new OrtEvaluator()))).verifyAfterEachPass(true)
        .build().run(fixed);
    TrtReport after = TrtReadiness.check(fixed, TrtVersion.V8_6);
    EquivalenceReport report = EquivalenceChecker.check(original, ModelSource.of(fixed), CheckOptions.defaults());
    System.out.printf(java.util.Locale.ROOT, "trt 8.6 %-40s findings %2d -> %2d  ready %s -> %s  equivalent=%s%n",
        file.getFileName(), before.findings().size(), after.findings().size(), before.ready(), after.ready(), report.passed());
    assertThat(report.passed()).as(report.toString()).isTrue();
  }
}
