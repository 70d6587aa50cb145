package dev.scalpel.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Model;
import dev.scalpel.passes.fold.RunawayModels;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckTooLargeException;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: {@code audit-shapes} ran a 100-byte model whose Expand makes 8 GiB (8.7 GB resident in
 * ONNX Runtime, then an internal error copying the output). It keeps the check's memory budget.
 */
class ShapeAuditBudgetTest {
  @Test
  void aRunPredictedOverTheBudgetIsNotMade() {
    Model model = RunawayModels.hugeRunOutput(1L << 16, 1L << 15);
    assertThatThrownBy(() -> ShapeAudit.audit(model, CheckOptions.defaults().withMaxCheckBytes(1L << 30), 3))
        .isInstanceOf(CheckTooLargeException.class)
        .hasMessageContaining("8.0 GiB")
        .hasMessageContaining("--max-check-bytes");
  }

  @Test
  void aRunWithinTheBudgetIsAudited() {
    Model model = RunawayModels.hugeRunOutput(4, 8);
    ShapeAuditReport report = ShapeAudit.audit(model, CheckOptions.defaults().withMaxCheckBytes(1L << 30), 3);
    assertThat(report.points()).isEqualTo(1);
    assertThat(report.contradictions()).isEmpty();
  }
}
