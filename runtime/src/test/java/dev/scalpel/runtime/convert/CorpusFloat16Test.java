package dev.scalpel.runtime.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.passes.convert.Float16Converter;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.CorpusModels;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OutputVerdict;
import dev.scalpel.runtime.RunOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * convert --dtype fp16 on every reference model: the result is written only when ONNX Runtime
 * finds every output within the float16 tolerance of the float32 original, every output's largest
 * error is within 1e-2 of its magnitude, and the weights (every corpus model's weights are
 * float32) take at most 51% of their bytes before. Prints a table row per model: file bytes
 * before and after, their ratio, the largest relative error over all outputs and runs.
 */
@Tag("corpus")
class CorpusFloat16Test {
  @TempDir
  Path dir;

  @TestFactory
  Stream<DynamicTest> everyModel() {
    return CorpusModels.all().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p, false)));
  }

  @TestFactory
  Stream<DynamicTest> everyModelKeepingIoTypes() {
    return CorpusModels.all().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p, true)));
  }

  private void check(Path file, boolean keepIo) throws IOException {
    ModelSource source = ModelSource.read(file);
    Path out = dir.resolve((keepIo ? "io_" : "") + file.getFileName());
    CheckedEdit.Outcome<Float16Converter.Result> o = CheckedConversion.float16(source,
        Float16Converter.Options.of(DataType.FLOAT16).withKeepIoTypes(keepIo), CheckOptions.defaults(), true)
        .writingTo(out, WriteOptions.defaults()).run();
    double worst = 0;
    for (OutputVerdict v : o.check().orElseThrow().outputs()) {
      for (RunOutcome r : v.outcomes()) {
        if (r instanceof RunOutcome.Compared c) {
          worst = Math.max(worst, c.diff().maxRelError());
        }
      }
    }
    long before = Files.size(file);
    long after = o.passed() ? Files.size(out) : -1;
    Float16Converter.Result r = o.result();
    System.out.printf(java.util.Locale.ROOT, "fp16%s | %s | %d | %d | %.2f | %d | %d | %.2e | %d kept, %d casts | %s%n",
        keepIo ? " keep-io" : "", file.getFileName(), before, after, after / (double) before, r.weightBytesBefore(),
        r.weightBytesAfter(), worst, r.kept().size(), r.castsInserted(), o.status());
    assertThat(o.passed()).as(o.check().orElseThrow().toString()).isTrue();
    assertThat(worst).isLessThanOrEqualTo(1e-2);
    assertThat(r.weightBytesAfter()).isLessThanOrEqualTo((long) Math.ceil(r.weightBytesBefore() * 0.51));
  }
}
