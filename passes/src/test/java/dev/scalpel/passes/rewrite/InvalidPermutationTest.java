package dev.scalpel.passes.rewrite;

import static dev.scalpel.passes.rewrite.LocalRuleTesting.opSequence;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.simplify;
import static dev.scalpel.passes.rewrite.LocalRuleTesting.whyNot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Transpose whose perm is not a permutation of 0..n-1 (found by fuzzing simplify: [1, 0, 4] made
 * merge-consecutive-transposes index out of bounds, a failed pass and exit 70): the Transpose rules
 * miss it and say why.
 */
class InvalidPermutationTest {
  private static Model transposes(long[] first, long[] second) {
    GraphBuilder g = GraphBuilder.create(17);
    Value x = g.input("x", DataType.FLOAT, Shape.of(2, 3, 4));
    Value t1 = g.op("Transpose", List.of(x), Attribute.ofInts("perm", first));
    g.output(g.op("Relu", g.op("Transpose", List.of(t1), Attribute.ofInts("perm", second))));
    return g.model();
  }

  @Test
  void transposesWithAnOutOfRangeOrRepeatedPermStay() {
    for (long[] bad : List.of(new long[] {1, 0, 4}, new long[] {1, 1, 0}, new long[] {-1, 0, 1})) {
      Model m = transposes(bad, new long[] {1, 0, 2});

      assertThatCode(() -> simplify(m)).doesNotThrowAnyException();

      assertThat(opSequence(m)).containsExactly("Transpose", "Transpose", "Relu");
      assertThat(whyNot(m, "merge-consecutive-transposes")).contains("not a permutation");
    }
  }

  @Test
  void transposesWithValidPermsMerge() {
    Model m = transposes(new long[] {1, 0, 2}, new long[] {1, 0, 2});

    assertThat(simplify(m).applications("merge-consecutive-transposes")).isEqualTo(1);

    assertThat(opSequence(m)).containsExactly("Relu");
  }
}
