package dev.scalpel.passes.shape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReshapeTargetTest {
  private static final SymExpr B = SymExpr.symbol("b");
  private static final SymExpr S = SymExpr.symbol("s");

  private static PartialValue vector(SymExpr... e) {
    return PartialValue.vector(Arrays.asList(e));
  }

  private static long[] dims(ReshapeTarget.Outcome o) {
    return o.target().orElseThrow(() -> new AssertionError(o.reason())).dims();
  }

  @Test
  void copiesAtTheSamePositionAndStaticSizes() {
    SymShape data = SymShape.of(B, S, SymExpr.of(64));
    assertThat(dims(ReshapeTarget.of(data, vector(B, S, SymExpr.of(4), SymExpr.of(16)), false))).containsExactly(0, 0, 4, 16);
    assertThat(dims(ReshapeTarget.of(data, vector(B, S, SymExpr.of(-1)), false))).containsExactly(0, 0, -1);
  }

  @Test
  void oneSymbolicElementBecomesMinusOneOnlyWhenTheOthersAreStaticAndTheCountMatches() {
    SymShape data = SymShape.of(B, S, SymExpr.of(8));
    assertThat(dims(ReshapeTarget.of(data, vector(B.times(S), SymExpr.of(8)), false))).containsExactly(-1, 8);
    assertThat(ReshapeTarget.of(data, vector(B.times(S).times(2), SymExpr.of(4)), false).target())
        .as("b*s*2 is the count/4 too").isPresent();
    assertThat(ReshapeTarget.of(data, vector(B.times(S), SymExpr.of(4)), false).target())
        .as("element count b*s*8 differs from b*s*4").isEmpty();
    assertThat(ReshapeTarget.of(data, vector(B, S.times(8)), false).target())
        .as("the other element is a copy, which may be 0 at run time").isEmpty();
    assertThat(ReshapeTarget.of(data, vector(B.times(S), SymExpr.of(-1)), false).target())
        .as("a second -1").isEmpty();
  }

  @Test
  void unknownElementsAndTwoUnalignedSymbolsAreRefused() {
    SymShape data = SymShape.of(B.times(S), SymExpr.of(1));
    assertThat(ReshapeTarget.of(data, vector(B, SymExpr.of(1), S), false).target()).isEmpty();
    assertThat(ReshapeTarget.of(data, PartialValue.vector(Arrays.asList(B, null)), false).target()).isEmpty();
  }

  @Test
  void allowZeroSwitchesOffOnlyWithoutLiteralZeros() {
    SymShape data = SymShape.of(B, S, SymExpr.of(64));
    ReshapeTarget t = ReshapeTarget.of(data, vector(B, S, SymExpr.of(4), SymExpr.of(16)), true).target().orElseThrow();
    assertThat(t.allowZero()).isFalse();
    assertThat(ReshapeTarget.of(data, vector(B, S, SymExpr.of(0), SymExpr.of(16)), true).target())
        .as("a real 0 next to a copy cannot be written").isEmpty();
    ReshapeTarget noCopy = ReshapeTarget.of(SymShape.ofStatic(2, 3), vector(SymExpr.of(3), SymExpr.of(2)), true)
        .target().orElseThrow();
    assertThat(noCopy.allowZero()).isTrue();
  }

  @Test
  void expandNoOpNeedsEveryTargetDimOneOrEqual() {
    SymShape data = SymShape.of(B, SymExpr.of(1), S);
    assertThat(ExpandNoOp.holds(data, vector(B, SymExpr.of(1), S))).isTrue();
    assertThat(ExpandNoOp.holds(data, vector(SymExpr.of(1), S))).isTrue();
    assertThat(ExpandNoOp.holds(data, vector(B, S, S))).as("1 → s broadcasts").isFalse();
    assertThat(ExpandNoOp.holds(data, vector(SymExpr.of(1), B, SymExpr.of(1), S))).as("adds a dim").isFalse();
  }
}
