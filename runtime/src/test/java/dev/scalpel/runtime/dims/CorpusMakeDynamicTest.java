package dev.scalpel.runtime.dims;

import dev.scalpel.runtime.CorpusModels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.dims.DimChange;
import dev.scalpel.passes.dims.MakeDynamic;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.ModelSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * make-dynamic on every reference model whose first input has a static dim 0: it never fails with
 * an exception; where it proves the rewrite, the result equals the original at the exported batch
 * and, at batch 3, each sample equals the original run on that sample alone. Prints a line per
 * model (rewrites, unproven places, error).
 */
@Tag("corpus")
class CorpusMakeDynamicTest {

  @TestFactory
  Stream<DynamicTest> everyFixedBatchModel() throws IOException {
    List<Path> models = CorpusModels.all();
    return models.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
  }

  private static void check(Path file) throws IOException {
    Model original = ModelSource.read(file).model();
    Value input = original.graph().inputs().get(0);
    if (input.shape().isEmpty() || input.shape().get().rank() == 0 || !input.shape().get().isStatic()) {
      System.out.printf("make-dynamic %-40s skipped: input %s is not static%n", file.getFileName(), input.type());
      return;
    }
    Model dynamic = original.deepCopy();
    MakeDynamic.Result r = new MakeDynamic(List.of(new DimChange(input.name(), 0, Dim.of("batch")))).apply(dynamic);
    if (!r.proven()) {
      System.out.printf("make-dynamic %-40s %d rewrites, refused: %d unproven, first: %s%n", file.getFileName(),
          r.rewrites().size(), r.findings().size(), r.findings().get(0));
      return;
    }
    EquivalenceReport same = EquivalenceChecker.check(ModelSource.of(original), ModelSource.of(dynamic),
        CheckOptions.defaults());
    assertThat(same.passed()).as(same.toString()).isTrue();
    boolean oneFloatInput = original.graph().inputs().stream().filter(v -> !v.isInitializer()).count() == 1
        && input.dataType().orElse(DataType.UNDEFINED) == DataType.FLOAT;
    String perSample = "per-sample check n/a (inputs)";
    if (oneFloatInput) {
      double worst = PerSampleCheck.worstError(original, dynamic, 3, 11);
      assertThat(worst).as(file + " at batch 3").isLessThanOrEqualTo(1e-4);
      perSample = String.format(java.util.Locale.ROOT, "batch 3 per sample: worst relative error %.2e", worst);
    }
    System.out.printf("make-dynamic %-40s %d rewrites, proven; %s%n", file.getFileName(), r.rewrites().size(), perSample);
  }
}
