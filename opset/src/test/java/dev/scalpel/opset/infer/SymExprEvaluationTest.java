package dev.scalpel.opset.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SymExprEvaluationTest {
  private static final SymExpr H = SymExpr.symbol("h");
  private static final SymExpr W = SymExpr.symbol("w");

  @Test
  void constantsAndPolynomials() {
    assertThat(SymExpr.of(7).evaluate(Map.of())).hasValue(7);
    assertThat(SymExpr.of(0).evaluate(Map.of())).hasValue(0);
    assertThat(SymExpr.parse("2*batch").evaluate(Map.of("batch", 3L))).hasValue(6);
    assertThat(SymExpr.parse("h*w-h+1").evaluate(Map.of("h", 4L, "w", 5L))).hasValue(17);
  }

  @Test
  void printedFormsEvaluateAfterParsing() {
    assertThat(SymExpr.parse("floor((h-1)/2)+1").evaluate(Map.of("h", 8L))).hasValue(4);
    assertThat(SymExpr.parse("floor((h-1)/2)+1").evaluate(Map.of("h", 7L))).hasValue(4);
    assertThat(SymExpr.parse("max(h,w)").evaluate(Map.of("h", 2L, "w", 9L))).hasValue(9);
    assertThat(SymExpr.parse("min(h,w)").evaluate(Map.of("h", 2L, "w", 9L))).hasValue(2);
    assertThat(SymExpr.parse("floor(h/w)").evaluate(Map.of("h", 17L, "w", 5L))).hasValue(3);
  }

  @Test
  void floorRoundsTowardNegativeInfinity() {
    SymExpr e = H.minus(5).floorDiv(2);
    assertThat(e.evaluate(Map.of("h", 2L))).as("floor(-3/2)").hasValue(-2);
    assertThat(H.floorDiv(W).evaluate(Map.of("h", -7L, "w", 2L))).hasValue(-4);
    assertThat(H.ceilDiv(3).evaluate(Map.of("h", 7L))).hasValue(3);
    assertThat(H.mod(3).evaluate(Map.of("h", -7L))).hasValue(2);
  }

  @Test
  void simplifiedFormsAgreeWithDirectArithmetic() {
    // NOTE: floorDiv pulls whole multiples out of the floor; evaluation must agree with the
    // unsimplified arithmetic at every value, negative ones included.
    for (long h = -20; h <= 20; h++) {
      for (long w = 1; w <= 6; w++) {
        Map<String, Long> at = Map.of("h", h, "w", w);
        assertThat(H.times(3).plus(1).floorDiv(2).evaluate(at)).hasValue(Math.floorDiv(3 * h + 1, 2));
        assertThat(H.minus(2).floorDiv(2).evaluate(at)).hasValue(Math.floorDiv(h - 2, 2));
        assertThat(H.times(5).minus(W.times(3)).plus(7).floorDiv(-3).evaluate(at))
            .hasValue(Math.floorDiv(5 * h - 3 * w + 7, -3));
        assertThat(H.plus(2).max(W.times(2)).evaluate(at)).hasValue(Math.max(h + 2, 2 * w));
        assertThat(H.times(W).floorDiv(W).evaluate(at)).hasValue(h);
        SymExpr printed = SymExpr.parse(H.times(3).plus(W).minus(4).floorDiv(4).plus(1).toString());
        assertThat(printed.evaluate(at)).hasValue(Math.floorDiv(3 * h + w - 4, 4) + 1);
      }
    }
  }

  @Test
  void symbolsAreCollectedThroughFloorsAndExtrema() {
    assertThat(SymExpr.of(3).symbols()).isEmpty();
    assertThat(SymExpr.parse("2*batch+floor((h-1)/2)").symbols()).containsExactly("batch", "h");
    assertThat(SymExpr.parse("max(a,floor(b/c))*d").symbols()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void unboundSymbolsZeroDivisorsAndOverflowGiveNothing() {
    assertThat(H.plus(W).evaluate(Map.of("h", 1L))).isEmpty();
    assertThat(SymExpr.parse("floor((h-1)/2)+1").evaluate(Map.of("w", 1L))).isEmpty();
    assertThat(H.max(W).evaluate(Map.of("w", 1L))).isEmpty();
    assertThat(H.floorDiv(W).evaluate(Map.of("h", 1L, "w", 0L))).isEmpty();
    assertThat(H.times(H).evaluate(Map.of("h", Long.MAX_VALUE))).isEqualTo(OptionalLong.empty());
  }
}
