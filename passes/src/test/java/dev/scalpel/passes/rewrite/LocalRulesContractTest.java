package dev.scalpel.passes.rewrite;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.ModelPassContract;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.common.InferShapes;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code rewrite} pass on the local-rule fixtures (typed by shape inference first) keeps the
 * pass contract: idempotent, valid graph, same signature.
 */
class LocalRulesContractTest extends ModelPassContract {
  private static final Dim N = new Dim.Symbolic("N");

  @Override
  protected ModelPass pass() {
    return RuleSet.standard();
  }

  @Override
  protected List<Model> models() {
    Shape x = Shape.of(N, Dim.of(8), Dim.of(4), Dim.of(4));
    return Stream.of(
        LocalRuleFixtures.gemmBn(true, new long[] {5}, DataType.FLOAT),
        LocalRuleFixtures.matMulBn(2, DataType.FLOAT16),
        LocalRuleFixtures.matMulAdd(2, new long[] {1, 5}, false),
        LocalRuleFixtures.padConvWithAxes(new long[] {2, 3}),
        LocalRuleFixtures.unsqueezes(Shape.of(N, Dim.of(4)), new long[] {0}, new long[] {-1}, 11),
        LocalRuleFixtures.squeezes(Shape.of(N, Dim.of(1), Dim.of(1)), new long[] {2}, new long[] {1}, 13),
        LocalRuleFixtures.unsqueezeThenReshape(-1, 12),
        LocalRuleFixtures.staticShapeChain(),
        LocalRuleFixtures.reshapePool(x, new long[] {0, 8, -1}, "GlobalMaxPool", 1L),
        LocalRuleFixtures.computedReshapePool(),
        LocalRuleFixtures.reduceMeanThen(x, new long[] {2, 3}, "Reshape:0,8", 18),
        LocalRuleFixtures.slice(Shape.of(2, 6), new long[] {-6}, new long[] {6}, new long[] {-1}, new long[] {1}),
        LocalRuleFixtures.pad(new long[8], "edge", 10),
        LocalRuleFixtures.expand((long[]) null),
        LocalRuleFixtures.split(1),
        LocalRuleFixtures.neutralChain())
        .peek(m -> new InferShapes().run(m, new PassContext())).toList();
  }
}
