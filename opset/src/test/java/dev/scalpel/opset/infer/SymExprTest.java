package dev.scalpel.opset.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Dim;
import org.junit.jupiter.api.Test;

class SymExprTest {
  private static final SymExpr H = SymExpr.symbol("h");
  private static final SymExpr W = SymExpr.symbol("w");
  private static final SymExpr BATCH = SymExpr.symbol("batch");

  @Test
  void arithmeticNormalizes() {
    assertThat(H.times(2)).hasToString("2*h").isEqualTo(SymExpr.of(2).times(H));
    assertThat(W.minus(1).plus(1)).isEqualTo(W);
    assertThat(H.plus(W).minus(H)).isEqualTo(W);
    assertThat(BATCH.times(H).times(W)).isEqualTo(W.times(BATCH).times(H));
    assertThat(H.minus(H)).isEqualTo(SymExpr.of(0));
    assertThat(H.minus(H).isConstant()).isTrue();
    assertThat(SymExpr.of(3).times(SymExpr.of(4)).constantValue()).isEqualTo(12);
  }

  @Test
  void convolutionOutputSizePrintsAndParsesBack() {
    SymExpr out = W.minus(1).floorDiv(2).plus(1);
    assertThat(out).hasToString("floor((w-1)/2)+1");
    assertThat(SymExpr.parse(out.toString())).isEqualTo(out);
    assertThat(SymExpr.parse("floor((w - 1) / 2) + 1")).isEqualTo(out);
  }

  @Test
  void exactDivisionSimplifies() {
    assertThat(H.times(4).plus(8).floorDiv(4)).isEqualTo(H.plus(2));
    assertThat(H.times(2).floorDiv(2)).isEqualTo(H);
    assertThat(H.times(2).plus(1).floorDiv(2)).as("whole multiples come out").isEqualTo(H);
    assertThat(H.times(3).plus(1).floorDiv(2)).isEqualTo(H.plus(H.plus(1).floorDiv(2)));
    assertThat(H.minus(2).floorDiv(2)).as("a divisible constant leaves the floor").isEqualTo(H.floorDiv(2).minus(1));
    assertThat(SymExpr.of(7).floorDiv(2).constantValue()).isEqualTo(3);
    assertThat(SymExpr.of(-7).floorDiv(2).constantValue()).isEqualTo(-4);
    assertThat(SymExpr.of(7).ceilDiv(2).constantValue()).isEqualTo(4);
    assertThat(H.ceilDiv(1)).isEqualTo(H);
    assertThat(H.times(2).mod(2)).isEqualTo(SymExpr.of(0));
  }

  @Test
  void exactDivisionCancelsCommonFactors() {
    SymExpr total = BATCH.times(H).times(W).times(8);
    assertThat(total.divideExactly(BATCH)).contains(H.times(W).times(8));
    assertThat(total.divideExactly(BATCH.times(4))).contains(H.times(W).times(2));
    assertThat(total.divideExactly(BATCH.times(3))).isEmpty();
    assertThat(total.floorDiv(BATCH.times(H))).isEqualTo(W.times(8));
    assertThat(H.plus(1).divideExactly(H)).isEmpty();
  }

  @Test
  void maxAndMinDecideWhatTheyCan() {
    assertThat(H.max(H.plus(1))).isEqualTo(H.plus(1));
    assertThat(H.min(H.plus(1))).isEqualTo(H);
    assertThat(H.max(W)).isEqualTo(W.max(H)).hasToString("max(h,w)");
    assertThat(SymExpr.parse("max(h,w)")).isEqualTo(H.max(W));
  }

  @Test
  void dimsConvertBothWays() {
    assertThat(SymExpr.of(Dim.of(5)).orElseThrow().constantValue()).isEqualTo(5);
    assertThat(SymExpr.of(Dim.of("batch")).orElseThrow()).isEqualTo(BATCH);
    assertThat(SymExpr.of(Dim.unknown())).isEmpty();
    assertThat(H.times(2).toDim()).isEqualTo(Dim.of("2*h"));
    assertThat(SymExpr.of(4).toDim()).isEqualTo(Dim.of(4));
  }

  @Test
  void textThatIsNoExpressionIsOneSymbol() {
    SymExpr odd = SymExpr.parse("sequence length");
    assertThat(odd).isEqualTo(SymExpr.symbol("sequence length"));
    assertThat(odd.toDim()).isEqualTo(Dim.of("sequence length"));
    assertThat(SymExpr.parse("unk__123")).isEqualTo(SymExpr.symbol("unk__123"));
  }

  @Test
  void nonNegativityIsProvedOnlyForSumsOfSizes() {
    assertThat(H.times(W).plus(BATCH.times(2)).plus(3).isProvablyNonNegative()).isTrue();
    assertThat(H.plus(1).floorDiv(2).isProvablyNonNegative()).isTrue();
    assertThat(H.max(W).isProvablyNonNegative()).isTrue();
    assertThat(SymExpr.of(0).isProvablyNonNegative()).isTrue();
    assertThat(H.minus(1).isProvablyNonNegative()).isFalse();
    assertThat(H.minus(W).isProvablyNonNegative()).isFalse();
    assertThat(SymExpr.of(-1).isProvablyNonNegative()).isFalse();
    assertThat(H.floorDiv(W).isProvablyNonNegative()).as("floordiv by an expression is not tracked").isFalse();
  }

  @Test
  void sumEqualsAddingOneByOneAndALongSumParsesBack() {
    java.util.List<SymExpr> terms = new java.util.ArrayList<>();
    SymExpr oneByOne = SymExpr.of(0);
    for (int k = 0; k < 500; k++) {
      SymExpr t = SymExpr.symbol("n" + k).times(k % 3 + 1).plus(k % 2 == 0 ? 1 : -1);
      terms.add(t);
      oneByOne = oneByOne.plus(t);
    }
    SymExpr sum = SymExpr.sum(terms);
    assertThat(sum).isEqualTo(oneByOne);
    assertThat(sum.toString()).isEqualTo(oneByOne.toString());
    assertThat(sum.symbols()).hasSize(500);
    // NOTE: 250 terms of +1 and 250 of -1 cancel: no constant term.
    assertThat(sum.toString()).doesNotEndWith("+0");
    assertThat(SymExpr.parse(sum.toString())).isEqualTo(sum);
    assertThat(SymExpr.parse(sum.toString())).as("parsed again: the memo's answer").isEqualTo(sum);
    assertThat(SymExpr.parse("a-b-c")).isEqualTo(SymExpr.symbol("a").minus(SymExpr.symbol("b")).minus(SymExpr.symbol("c")));
  }

  @Test
  void constantsShortcutArithmeticWithTheSameResults() {
    assertThat(SymExpr.of(3).plus(SymExpr.of(4))).isEqualTo(SymExpr.of(7));
    assertThat(SymExpr.of(3).times(SymExpr.symbol("h"))).isEqualTo(SymExpr.symbol("h").plus(SymExpr.symbol("h")).plus(SymExpr.symbol("h")));
    assertThat(SymExpr.of(5000).times(2)).isEqualTo(SymExpr.of(10000));
    assertThat(SymExpr.of(1024).plus(1).toString()).isEqualTo("1025");
    assertThat(SymExpr.symbol("h").times(1)).isEqualTo(SymExpr.symbol("h"));
  }
}
