package dev.scalpel.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FindingTest {
  @Test
  void printsSeverityRuleWhereMessageAndHint() {
    Finding f = new Finding(Finding.Severity.ERROR, "input-count", "graph 'main'", "Conv 'c1'", "", "has 1 input", "");
    assertThat(f).hasToString("error [input-count] graph 'main' > Conv 'c1': has 1 input");

    Finding trt = Finding.of("trt-topk", Finding.Severity.WARNING, "TopK 't'", "k", "K is not constant", "fold it");
    assertThat(trt).hasToString("warning [trt-topk] TopK 't': 'k': K is not constant (fix: fold it)");
    assertThat(trt.location()).isEmpty();

    Finding model = new Finding(Finding.Severity.INFO, "opset", "model", null, null, "opset 9", null);
    assertThat(model).hasToString("info [opset] model: opset 9");
    assertThat(model.node()).isEmpty();
    assertThat(model.isError()).isFalse();
  }

  @Test
  void severityRuleAndMessageAreRequired() {
    assertThatThrownBy(() -> Finding.of("r", null, "", "", "m", "")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Finding.of(null, Finding.Severity.INFO, "", "", "m", "")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Finding.of("r", Finding.Severity.INFO, "", "", null, "")).isInstanceOf(NullPointerException.class);
  }
}
