package dev.scalpel.passes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChangeSummaryTest {
  @Test
  void countsOfOneAreSingular() {
    assertThat(new ChangeSummary(1, 2, 1, 3, 1, 1, 1).toString()).isEqualTo(
        "1 node added, 2 nodes removed, 1 input rewired, 3 initializers changed, 1 type changed, "
            + "1 attribute changed, 1 interface change");
    assertThat(new ChangeSummary(0, 0, 0, 0, 0, 0, 2).toString()).isEqualTo("2 interface changes");
    assertThat(ChangeSummary.NONE.toString()).isEqualTo("no changes");
  }
}
