package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Finding;
import dev.scalpel.opset.lint.trt.TrtReport;
import dev.scalpel.opset.lint.trt.TrtVersion;
import dev.scalpel.passes.ChangeSummary;
import dev.scalpel.passes.PassResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the trt report tells the user to do about a finding, with and without --fix. */
class TrtOutcomeTest {
  private static final Finding CONSTANT = Finding.of("trt-constant-input", Finding.Severity.ERROR, "Conv_3", "w",
      "weights are computed at run time", "fold constants (scalpel trt --fix)");
  private static final Finding OTHER = Finding.of("trt-op", Finding.Severity.ERROR, "X", "", "unsupported op", "replace it");

  private static TrtOutcome outcome(List<PassResult> fixes) {
    TrtReport report = new TrtReport(TrtVersion.V8_6, List.of(CONSTANT, OTHER));
    TrtexecPlan plan = TrtexecPlan.of(TestModels.relu(), "m.onnx", List.of());
    return new TrtOutcome("m.onnx", report, plan, fixes, null, null);
  }

  @Test
  void withoutFixTheHintSuggestsIt() {
    assertThat(outcome(List.of()).hint(CONSTANT)).contains("trt --fix");
  }

  @Test
  void afterFixNoHintTellsTheUserToRunFixAgain() {
    TrtOutcome o = outcome(List.of(new PassResult("fold-constants", 1, ChangeSummary.NONE, List.of(), Duration.ZERO)));
    assertThat(o.hint(CONSTANT)).doesNotContain("run").contains("could not remove");
    assertThat(o.hint(OTHER)).isEqualTo("replace it");
  }
}
