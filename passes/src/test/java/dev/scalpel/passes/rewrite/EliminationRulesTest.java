package dev.scalpel.passes.rewrite;

import static dev.scalpel.passes.rewrite.LocalRuleTesting.first;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.opSequence;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.simplify;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.whyNot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import org.junit.jupiter.api.Test;

/** Full Slice, zero Pad, same-shape Expand, one-output Split, and neutral operands. */
class EliminationRulesTest {
  private static final Dim N = new Dim.Symbolic("N");
  private static final long INT64_MAX = Long.MAX_VALUE;

  @Test
  void aSliceTakingEveryAxisWholeGoes() {
    Model open = LocalRuleFixtures.slice(Shape.of(N, Dim.of(6)), new long[] {0, 0}, new long[] {INT64_MAX, INT64_MAX}, null, null);
    assertThat(simplify(open).applications("eliminate-full-slice")).isEqualTo(1);
    assertThat(opSequence(open)).containsExactly("Relu");
    Model exact = LocalRuleFixtures.slice(Shape.of(2, 6), new long[] {-2}, new long[] {6}, new long[] {-1}, new long[] {1});
    assertThat(whyNot(exact.deepCopy(), "eliminate-full-slice")).contains("[-2:6]");
    Model whole = LocalRuleFixtures.slice(Shape.of(2, 6), new long[] {-6}, new long[] {6}, new long[] {-1}, new long[] {1});
    simplify(whole);
    assertThat(opSequence(whole)).containsExactly("Relu");
  }

  @Test
  void aSliceThatMayCutStays() {
    assertThat(whyNot(LocalRuleFixtures.slice(Shape.of(2, 6), new long[] {0}, new long[] {5}, new long[] {1}, null),
        "eliminate-full-slice")).contains("[0:5]");
    assertThat(whyNot(LocalRuleFixtures.slice(Shape.of(2, 6), new long[] {0}, new long[] {INT64_MAX}, new long[] {1}, new long[] {2}),
        "eliminate-full-slice")).contains("step 2");
    // NOTE: N is unknown, so an end of 100 may cut it.
    assertThat(whyNot(LocalRuleFixtures.slice(Shape.of(N, Dim.of(6)), new long[] {0}, new long[] {100}, new long[] {0}, null),
        "eliminate-full-slice")).contains("[0:100]");
  }

  @Test
  void aZeroPadGoesInAnyModeAndOpset() {
    for (String mode : new String[] {"constant", "reflect", "edge"}) {
      Model m = LocalRuleFixtures.pad(new long[8], mode, 17);
      simplify(m);
      assertThat(opSequence(m)).containsExactly("Relu");
    }
    Model old = LocalRuleFixtures.pad(new long[8], "constant", 10);
    simplify(old);
    assertThat(opSequence(old)).containsExactly("Relu");
    assertThat(whyNot(LocalRuleFixtures.pad(new long[] {0, 0, 0, 1, 0, 0, 0, 0}, "constant", 17), "eliminate-zero-pad"))
        .contains("not all zero");
  }

  @Test
  void anExpandToTheSameShapeGoes() {
    for (long[] target : new long[][] {{1, 4}, {4}, {1}, null}) {
      Model m = LocalRuleFixtures.expand(target);
      assertThat(simplify(m).applications("eliminate-noop-expand")).isEqualTo(1);
      assertThat(opSequence(m)).doesNotContain("Expand");
    }
    // NOTE: at N = 1 expanding to [2, 4] doubles the rows; [3, 1, 4] adds a dim.
    assertThat(whyNot(LocalRuleFixtures.expand(2, 4), "eliminate-noop-expand")).contains("keeps the shape");
    assertThat(whyNot(LocalRuleFixtures.expand(3, 1, 4), "eliminate-noop-expand")).contains("keeps the shape");
  }

  @Test
  void aSplitIntoOnePartGoes() {
    Model m = LocalRuleFixtures.split(1);
    simplify(m);
    assertThat(opSequence(m)).containsExactly("Relu");
    assertThat(whyNot(LocalRuleFixtures.split(2), "eliminate-single-output-split")).contains("2 parts");
  }

  @Test
  void neutralOperandsGo() {
    Model chain = LocalRuleFixtures.neutralChain();
    RewriteStats s = simplify(chain);
    assertThat(s.applications()).containsEntry("eliminate-add-zero", 1).containsEntry("eliminate-mul-one", 1)
        .containsEntry("eliminate-sub-zero", 1).containsEntry("eliminate-div-one", 1);
    assertThat(opSequence(chain)).containsExactly("Relu");
    assertThat(first(chain, "Relu").input(0).name()).isEqualTo("x");
    Model ints = LocalRuleFixtures.neutral("Add", DataType.INT64, new long[] {1, 4}, 0, true);
    simplify(ints);
    assertThat(opSequence(ints)).containsExactly("Abs");
  }

  @Test
  void operandsThatAreNotNeutralOrBroadcastUpStay() {
    assertThat(whyNot(LocalRuleFixtures.neutral("Sub", DataType.FLOAT, new long[0], 0, true), "eliminate-sub-zero"))
        .contains("not a constant");
    assertThat(whyNot(LocalRuleFixtures.neutral("Div", DataType.FLOAT, new long[0], 1, true), "eliminate-div-one"))
        .contains("not a constant");
    assertThat(whyNot(LocalRuleFixtures.neutral("Add", DataType.FLOAT, new long[] {4}, 0.5, false), "eliminate-add-zero"))
        .contains("not all 0");
    assertThat(whyNot(LocalRuleFixtures.neutral("Mul", DataType.FLOAT, new long[] {4}, 0, false), "eliminate-mul-one"))
        .contains("not all 1");
    // NOTE: [2, 4] against [N, 4] makes the result [2, 4] at N = 1; [1, 1, 4] adds a dim.
    assertThat(whyNot(LocalRuleFixtures.neutral("Add", DataType.FLOAT, new long[] {2, 4}, 0, false), "eliminate-add-zero"))
        .contains("may change the shape");
    assertThat(whyNot(LocalRuleFixtures.neutral("Mul", DataType.FLOAT, new long[] {1, 1, 4}, 1, false), "eliminate-mul-one"))
        .contains("may change the shape");
  }


}
