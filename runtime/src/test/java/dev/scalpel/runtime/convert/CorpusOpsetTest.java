package dev.scalpel.runtime.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.passes.convert.ConversionException;
import dev.scalpel.passes.convert.opset.OpsetConverter;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.CorpusModels;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.RunOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * convert --opset on every reference model: up to {@link #NEWEST_ORT_OPSET}, checked against the
 * original in ONNX Runtime; then that result back down to the model's own opset, checked against
 * the original again. Prints a table row per model (opsets, nodes rewritten each way, largest
 * absolute error of each check).
 */
@Tag("corpus")
class CorpusOpsetTest {
  /** The newest default-domain opset ONNX Runtime 1.26 loads (27 is refused at load). */
  static final long NEWEST_ORT_OPSET = 26;

  @TestFactory
  Stream<DynamicTest> upToTheNewestAndBack() {
    return CorpusModels.all().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
  }

  private static void check(Path file) throws IOException {
    ModelSource source = ModelSource.read(file);
    long original = source.model().opsetImports().defaultVersion().orElseThrow();
    CheckedEdit.Outcome<OpsetConverter.Result> up = CheckedConversion.opset(source, NEWEST_ORT_OPSET, CheckOptions.defaults()).run();
    assertThat(up.passed()).as("up: " + up.check().map(EquivalenceReport::toString).orElse("")).isTrue();
    assertThat(up.model().opsetImports().defaultVersion()).hasValue(NEWEST_ORT_OPSET);
    // Down from the converted model, checked against the original file.
    CheckedEdit.Outcome<OpsetConverter.Result> down = CheckedEdit.of(ModelSource.of(up.model()),
        m -> new OpsetConverter(original).apply(m)).checkedWith(CheckOptions.defaults())
        .comparedWith(m -> source).run();
    assertThat(down.passed()).as("down: " + down.check().map(EquivalenceReport::toString).orElse("")).isTrue();
    assertThat(down.model().opsetImports().defaultVersion()).hasValue(original);
    System.out.printf(java.util.Locale.ROOT, "opset | %s | %d -> %d: %d nodes rewritten, max abs %.2e | -> %d: %d rewritten, max abs %.2e%n",
        file.getFileName(), original, NEWEST_ORT_OPSET, up.result().changes().size(), worstAbs(up.check().orElseThrow()),
        original, down.result().changes().size(), worstAbs(down.check().orElseThrow()));
  }

  /**
   * Every model to opsets 11, 13, 17 and 26 directly from its own: each conversion either passes
   * the check or is refused with a {@link ConversionException}; none writes a model that differs.
   */
  @TestFactory
  Stream<DynamicTest> toEachTargetOpset() {
    return CorpusModels.all().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      ModelSource source = ModelSource.read(p);
      StringBuilder row = new StringBuilder("opset-targets | " + p.getFileName());
      for (long target : new long[] {11, 13, 17, NEWEST_ORT_OPSET}) {
        try {
          CheckedEdit.Outcome<OpsetConverter.Result> o = CheckedConversion.opset(source, target, CheckOptions.defaults()).run();
          assertThat(o.passed()).as(target + ": " + o.check().map(EquivalenceReport::toString).orElse("")).isTrue();
          row.append(" | ").append(target).append(": ok (").append(o.result().changes().size()).append(" rewritten)");
        } catch (ConversionException e) {
          row.append(" | ").append(target).append(": refused: ").append(e.getMessage());
        }
      }
      System.out.println(row);
    }));
  }

  private static double worstAbs(EquivalenceReport r) {
    return r.outputs().stream().flatMap(v -> v.outcomes().stream()).filter(o -> o instanceof RunOutcome.Compared)
        .mapToDouble(o -> ((RunOutcome.Compared) o).diff().maxAbsError()).max().orElse(0);
  }
}
