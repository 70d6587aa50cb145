package dev.scalpel.passes.rewrite;

import static dev.scalpel.passes.rewrite.LocalRuleTesting.first;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.longs;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.opSequence;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.simplify;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.whyNot;
import static dev.scalpel.passes.rewrite.SequenceRuleFixtures.RUNTIME_DIM0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.common.RemoveUnused;
import dev.scalpel.passes.rewrite.SequenceRuleFixtures.StateSource;
import org.junit.jupiter.api.Test;

/** Zero initial states of recurrent ops, Gather behind Transpose, one run-time Reshape element. */
class SequenceRulesTest {

  private static Model simplified(Model m) {
    simplify(m);
    new RemoveUnused().run(m, new PassContext());
    return m;
  }

  @Test
  void zeroInitialStatesAreDroppedWithTheirSizeComputation() {
    Model lstm = SequenceRuleFixtures.recurrent("LSTM", "bidirectional", StateSource.SLICED_ZEROS);
    assertThat(simplify(lstm).applications("eliminate-zero-initial-state-lstm")).isEqualTo(1);
    new RemoveUnused().run(lstm, new PassContext());
    assertThat(opSequence(lstm)).containsExactly("LSTM", "Relu", "Relu");
    // NOTE: X, W, R, B; sequence_lens and both states omitted.
    assertThat(first(lstm, "LSTM").inputs()).hasSize(4);
    assertThat(first(lstm, "LSTM").attribute("direction")).isPresent();
    for (String op : new String[] {"GRU", "RNN"}) {
      Model m = simplified(SequenceRuleFixtures.recurrent(op, "forward", StateSource.SLICED_ZEROS));
      assertThat(opSequence(m)).containsExactly(op, "Relu", "Relu");
      assertThat(first(m, op).inputs()).hasSize(4);
    }
  }

  @Test
  void aStateThatMayBeNonZeroStays() {
    assertThat(whyNot(SequenceRuleFixtures.recurrent("LSTM", "forward", StateSource.SLICED_ONES),
        "eliminate-zero-initial-state-lstm")).contains("no initial state is known to be zero");
    assertThat(whyNot(SequenceRuleFixtures.recurrent("GRU", "forward", StateSource.INPUT),
        "eliminate-zero-initial-state-gru")).contains("no initial state is known to be zero");
    Model ones = simplified(SequenceRuleFixtures.recurrent("RNN", "forward", StateSource.SLICED_ONES));
    assertThat(first(ones, "RNN").inputs()).hasSize(6);
  }

  @Test
  void aGatherReadsThroughATransposeThatKeepsTheOtherAxesInOrder() {
    // NOTE: batch-first [N,3,4] → [3,N,4], last step along axis 0 → read axis 1 of x: [N,4].
    Model last = SequenceRuleFixtures.gatherAfterTranspose(new long[] {1, 0, 2}, 0, true);
    assertThat(simplify(last).applications("gather-through-transpose")).isEqualTo(1);
    assertThat(opSequence(last)).containsExactly("Gather", "Relu");
    assertThat(first(last, "Gather").intAttribute("axis", -9)).isEqualTo(1);
    // NOTE: [N,4,3] gathering axis −1 (x's axis 1) keeps N then 4, in order.
    Model negative = SequenceRuleFixtures.gatherAfterTranspose(new long[] {0, 2, 1}, -1, true);
    simplify(negative);
    assertThat(opSequence(negative)).containsExactly("Gather", "Relu");
    assertThat(first(negative, "Gather").intAttribute("axis", -9)).isEqualTo(1);
  }

  @Test
  void aGatherStaysWhereTheKeptAxesWouldBeReordered() {
    assertThat(whyNot(SequenceRuleFixtures.gatherAfterTranspose(new long[] {2, 1, 0}, 0, true), "gather-through-transpose"))
        .contains("reorders the axes");
    assertThat(whyNot(SequenceRuleFixtures.gatherAfterTranspose(new long[] {1, 0, 2}, 0, false), "gather-through-transpose"))
        .contains("not known to be a scalar");
  }

  @Test
  void aLoneRunTimeReshapeElementBecomesMinusOne() {
    Model m = SequenceRuleFixtures.reshapeWithElements(RUNTIME_DIM0, 6, 4);
    assertThat(simplify(m).applications("reshape-runtime-element-to-inferred")).isEqualTo(1);
    new RemoveUnused().run(m, new PassContext());
    assertThat(opSequence(m)).containsExactly("Reshape", "Relu");
    assertThat(longs(first(m, "Reshape").input(1))).containsExactly(-1, 6, 4);
    Model middle = simplified(SequenceRuleFixtures.reshapeWithElements(2, RUNTIME_DIM0, 12));
    Node reshape = first(middle, "Reshape");
    assertThat(longs(reshape.input(1))).containsExactly(2, -1, 12);
    assertThat(opSequence(middle)).containsExactly("Reshape", "Relu");
  }

  @Test
  void aReshapeTargetWithMoreUnknownsStays() {
    String id = "reshape-runtime-element-to-inferred";
    assertThat(whyNot(SequenceRuleFixtures.reshapeWithElements(RUNTIME_DIM0, RUNTIME_DIM0, 6), id))
        .contains("more than one element");
    assertThat(whyNot(SequenceRuleFixtures.reshapeWithElements(RUNTIME_DIM0, 0, 6), id)).contains("is 0");
    assertThat(whyNot(SequenceRuleFixtures.reshapeWithElements(RUNTIME_DIM0, -1), id)).contains("is -1");
  }
}
