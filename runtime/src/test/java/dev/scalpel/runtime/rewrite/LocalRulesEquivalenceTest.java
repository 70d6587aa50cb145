package dev.scalpel.runtime.rewrite;

import static dev.scalpel.passes.rewrite.SequenceRuleFixtures.RUNTIME_DIM0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.passes.common.RemoveUnused;
import dev.scalpel.passes.rewrite.LocalRuleFixtures;
import dev.scalpel.passes.rewrite.RuleSet;
import dev.scalpel.passes.rewrite.SequenceRuleFixtures;
import dev.scalpel.passes.rewrite.SequenceRuleFixtures.StateSource;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.Tolerance;
import org.junit.jupiter.api.Test;

/**
 * The local rules keep every output through ONNX Runtime (at two values of each dynamic dim) and
 * leave the node count they should: infer-shapes, rewrite and remove-unused to a fixed point, as a
 * simplify pipeline runs them.
 */
class LocalRulesEquivalenceTest {
  private static final Dim N = new Dim.Symbolic("N");
  private static final long INT64_MAX = Long.MAX_VALUE;

  /** Removing an op that returns its input, or moving data unchanged, must be bit-exact. */
  private static final CheckOptions EXACT = CheckOptions.defaults().withTolerance(Tolerance.EXACT);

  /**
   * Float16: each fused weight is rounded to float16 once (relative error ≤ 2⁻¹¹), where the
   * original rounds the intermediate instead; four float16 ulps of relative slack.
   */
  private static final CheckOptions FLOAT16 = CheckOptions.defaults().withTolerance(new Tolerance(1e-3, 4e-3));

  private static void assertRewriteKeepsOutputs(Model before, int expectedNodes) {
    assertRewriteKeepsOutputs(before, expectedNodes, CheckOptions.defaults());
  }

  private static void assertRewriteKeepsOutputs(Model before, int expectedNodes, CheckOptions options) {
    Model after = before.deepCopy();
    PassManager.builder().add(new InferShapes()).add(RuleSet.standard()).add(new RemoveUnused())
        .repeatUntilFixedPoint(8).verifyAfterEachPass(true).build().run(after);
    assertThat(after.graph().nodeCount()).as("nodes after rewriting").isEqualTo(expectedNodes);
    EquivalenceReport report = EquivalenceChecker.check(before, after, options);
    assertThat(report.passed()).as(report.toString()).isTrue();
  }

  @Test
  void batchNormIntoGemm() {
    assertRewriteKeepsOutputs(LocalRuleFixtures.gemmBn(false, new long[] {5}, DataType.FLOAT), 2);
    assertRewriteKeepsOutputs(LocalRuleFixtures.gemmBn(true, null, DataType.FLOAT), 2);
    assertRewriteKeepsOutputs(LocalRuleFixtures.gemmBn(false, new long[] {3, 5}, DataType.FLOAT), 2);
    assertRewriteKeepsOutputs(LocalRuleFixtures.gemmBn(true, new long[] {1}, DataType.DOUBLE), 2);
  }

  @Test
  void batchNormIntoGemmInFloat16() {
    assertRewriteKeepsOutputs(LocalRuleFixtures.gemmBn(false, new long[] {1, 5}, DataType.FLOAT16), 2, FLOAT16);
  }

  @Test
  void batchNormIntoMatMul() {
    assertRewriteKeepsOutputs(LocalRuleFixtures.matMulBn(2, DataType.FLOAT), 2);
    assertRewriteKeepsOutputs(LocalRuleFixtures.matMulBn(2, DataType.FLOAT16), 2, FLOAT16);
    // NOTE: rank 3: BN normalises the rows; nothing may change (3 nodes stay).
    assertRewriteKeepsOutputs(LocalRuleFixtures.matMulBn(3, DataType.FLOAT), 3);
  }

  @Test
  void matMulAddIntoGemm() {
    assertRewriteKeepsOutputs(LocalRuleFixtures.matMulAdd(2, new long[] {5}, true), 2);
    assertRewriteKeepsOutputs(LocalRuleFixtures.matMulAdd(2, new long[] {1, 5}, false), 2);
    // NOTE: valid only where N broadcasts to 3; N = 1 is where a Gemm would go wrong.
    assertRewriteKeepsOutputs(LocalRuleFixtures.matMulAdd(2, new long[] {3, 5}, true), 3,
        CheckOptions.defaults().withDim("N", 1, 3));
    assertRewriteKeepsOutputs(LocalRuleFixtures.matMulAdd(3, new long[] {5}, true), 3);
  }

  @Test
  void padIntoConv() {
    assertRewriteKeepsOutputs(LocalRuleFixtures.padConv(new long[] {0, 0, 1, 2, 0, 0, 3, 4}, "constant", 0f, null), 2);
    assertRewriteKeepsOutputs(LocalRuleFixtures.padConvWithAxes(new long[] {2, 3}), 2);
    assertRewriteKeepsOutputs(LocalRuleFixtures.padConvWithAxes(new long[] {-2, -1}), 2);
    assertRewriteKeepsOutputs(LocalRuleFixtures.padConvOpset10(new long[] {0, 0, 2, 0, 0, 0, 0, 1}), 2);
    assertRewriteKeepsOutputs(LocalRuleFixtures.padConv(new long[] {0, 0, 1, 1, 0, 0, 1, 1}, "reflect", 0f, null), 3);
    assertRewriteKeepsOutputs(LocalRuleFixtures.padConv(new long[] {0, 0, 1, 1, 0, 0, 1, 1}, "constant", 1f, null), 3);
  }

  @Test
  void squeezeAndUnsqueezeMerges() {
    Shape n4 = Shape.of(N, Dim.of(4));
    assertRewriteKeepsOutputs(LocalRuleFixtures.unsqueezes(n4, new long[] {0}, new long[] {-1}, 11), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.unsqueezes(n4, new long[] {1}, new long[] {1}, 13), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.unsqueezes(n4, new long[] {0, 2}, new long[] {1}, 13), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.squeezes(Shape.of(N, Dim.of(1), Dim.of(3), Dim.of(1), Dim.of(4), Dim.of(1)),
        new long[] {1}, new long[] {2, -1}, 13), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.squeezes(Shape.of(N, Dim.of(1), Dim.of(1)), new long[] {2}, new long[] {1}, 11), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.squeezePair(n4, "Unsqueeze", new long[] {1}, "Squeeze", new long[] {-2}, 13), 1, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.squeezePair(Shape.of(N, Dim.of(1), Dim.of(4)), "Squeeze", new long[] {1},
        "Unsqueeze", new long[] {1}, 11), 1, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.squeezePair(Shape.of(N, Dim.of(1), Dim.of(4)), "Squeeze", new long[] {1},
        "Unsqueeze", new long[] {2}, 13), 3, EXACT);
  }

  @Test
  void reshapeChainsAndCanonicalForms() {
    assertRewriteKeepsOutputs(LocalRuleFixtures.unsqueezeThenReshape(-1, 12), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.unsqueezeThenReshape(2, -1, 3), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reshapes(Shape.of(N, Dim.of(3), Dim.of(4)), new long[] {0, 2, 6}, new long[] {-1, 4, 3}), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reshapes(Shape.of(N, Dim.of(3), Dim.of(4)), new long[] {-1, 4}, new long[] {0, 2, 2}), 3, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.staticShapeChain(), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reshapes(Shape.of(N, Dim.of(3), Dim.of(4)), new long[] {0, 12}, new long[] {0, 2, 6}), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reshapes(Shape.of(2, 3, 4), new long[] {6, 4}, new long[] {0, 2, 2}), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reshape(Shape.of(N, Dim.of(3), Dim.of(4)), 0, -1), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reshape(Shape.of(N, Dim.of(3), Dim.of(4)), -1, 4), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.flatten(Shape.of(N, Dim.of(4)), 1), 1, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.flatten(Shape.of(N, Dim.of(4)), 0), 2, EXACT);
  }

  @Test
  void reshapeBeforeGlobalPool() {
    Shape x = Shape.of(N, Dim.of(8), Dim.of(4), Dim.of(4));
    assertRewriteKeepsOutputs(LocalRuleFixtures.reshapePool(x, new long[] {0, 8, -1}, "GlobalAveragePool", 1L), 3, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reshapePool(x, new long[] {0, 8, -1}, "GlobalMaxPool", 1L), 3, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reshapePool(Shape.of(2, 8, 4, 4), new long[] {2, 8, 16}, "GlobalAveragePool", 1L), 3, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reshapePool(Shape.of(N, Dim.of(8), Dim.of(2), Dim.of(3), Dim.of(2)),
        new long[] {0, 8, 6, 2}, "GlobalMaxPool", null), 3, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reshapePool(x, new long[] {0, 8, -1}, "GlobalAveragePool", 0L), 3, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reshapePool(x, new long[] {0, 8, -1}, "GlobalAveragePool", -1L), 3, EXACT);
    // NOTE: Shape → Slice → Concat → Reshape → GAP → Flatten → Relu: the shape chain dies too.
    assertRewriteKeepsOutputs(LocalRuleFixtures.computedReshapePool(), 3, EXACT);
    // NOTE: these must stay: channels regrouped, or a Flatten axis that reads the rank.
    assertRewriteKeepsOutputs(LocalRuleFixtures.reshapePool(x, new long[] {0, 4, -1}, "GlobalAveragePool", 1L), 4, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reshapePool(x, new long[] {0, 8, -1}, "GlobalAveragePool", -2L), 4, EXACT);
  }

  @Test
  void eliminations() {
    assertRewriteKeepsOutputs(LocalRuleFixtures.slice(Shape.of(N, Dim.of(6)), new long[] {0, 0},
        new long[] {INT64_MAX, INT64_MAX}, null, null), 1, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.slice(Shape.of(2, 6), new long[] {-6}, new long[] {6}, new long[] {-1}, new long[] {1}), 1, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.slice(Shape.of(2, 6), new long[] {0}, new long[] {5}, new long[] {1}, null), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.pad(new long[8], "reflect", 17), 1, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.pad(new long[8], "constant", 10), 1, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.expand(1, 4), 1, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.expand((long[]) null), 1, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.expand(2, 4), 2, EXACT.withDim("N", 1, 2));
    assertRewriteKeepsOutputs(LocalRuleFixtures.split(1), 1, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.split(2), 3, EXACT);
  }

  @Test
  void zeroInitialStates() {
    // NOTE: the state goes with its ConstantOfShape, Concat, Slice, Shape and Slice: only the cell and two Relus stay.
    // A fill of 1 keeps all 8 nodes (Shape, Slice, Concat, ConstantOfShape, Slice, LSTM, 2 Relu).
    assertRewriteKeepsOutputs(SequenceRuleFixtures.recurrent("LSTM", "bidirectional", StateSource.SLICED_ZEROS), 3);
    assertRewriteKeepsOutputs(SequenceRuleFixtures.recurrent("GRU", "forward", StateSource.SLICED_ZEROS), 3);
    assertRewriteKeepsOutputs(SequenceRuleFixtures.recurrent("RNN", "reverse", StateSource.SLICED_ZEROS), 3);
    assertRewriteKeepsOutputs(SequenceRuleFixtures.recurrent("LSTM", "forward", StateSource.SLICED_ONES), 8);
    assertRewriteKeepsOutputs(SequenceRuleFixtures.recurrent("GRU", "forward", StateSource.INPUT), 3);
  }

  @Test
  void gatherThroughTranspose() {
    assertRewriteKeepsOutputs(SequenceRuleFixtures.gatherAfterTranspose(new long[] {1, 0, 2}, 0, true), 2, EXACT);
    assertRewriteKeepsOutputs(SequenceRuleFixtures.gatherAfterTranspose(new long[] {0, 2, 1}, -1, true), 2, EXACT);
    assertRewriteKeepsOutputs(SequenceRuleFixtures.gatherAfterTranspose(new long[] {2, 1, 0}, 0, true), 3, EXACT);
    assertRewriteKeepsOutputs(SequenceRuleFixtures.gatherAfterTranspose(new long[] {1, 0, 2}, 0, false), 3, EXACT);
  }

  @Test
  void loneRunTimeReshapeElement() {
    assertRewriteKeepsOutputs(SequenceRuleFixtures.reshapeWithElements(RUNTIME_DIM0, 6, 4), 2, EXACT);
    assertRewriteKeepsOutputs(SequenceRuleFixtures.reshapeWithElements(2, RUNTIME_DIM0, 12), 2, EXACT);
    assertRewriteKeepsOutputs(SequenceRuleFixtures.reshapeWithElements(RUNTIME_DIM0, 1, 24), 2, EXACT);
    // NOTE: a literal 0 copies a dim of x: refused, so Shape, Slice, Concat, Reshape and Relu stay.
    assertRewriteKeepsOutputs(SequenceRuleFixtures.reshapeWithElements(RUNTIME_DIM0, 0, 6), 5, EXACT);
  }

  @Test
  void neutralOperands() {
    assertRewriteKeepsOutputs(LocalRuleFixtures.neutralChain(), 1, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.neutral("Add", DataType.INT64, new long[] {1, 4}, 0, true), 1, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.neutral("Mul", DataType.INT32, new long[] {4}, 1, false), 1, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.neutral("Div", DataType.DOUBLE, new long[0], 1, false), 1, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.neutral("Sub", DataType.FLOAT, new long[0], 0, true), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.neutral("Add", DataType.FLOAT, new long[] {2, 4}, 0, false), 2,
        EXACT.withDim("N", 1, 2));
  }


  @Test
  void reduceMeanWithoutKeptDims() {
    Shape x = Shape.of(N, Dim.of(8), Dim.of(4), Dim.of(4));
    assertRewriteKeepsOutputs(LocalRuleFixtures.reduceMeanThen(x, new long[] {2, 3}, "Reshape:0,8", 18), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reduceMeanThen(x, new long[] {2, 3}, "Flatten:1", 13), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reduceMeanThen(x, new long[] {1, 3}, "Flatten:2", 18), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reduceMeanThen(x, new long[] {2, 3}, "Flatten:2", 18), 3, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reduceMeanThen(x, new long[] {-1, -2}, "Squeeze:2,3", 13), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reduceMeanThen(Shape.of(1, 6, 7, 7), new long[] {-1, -2}, "Reshape:1,6", 18), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reduceMeanThen(x, new long[] {1, 3}, "Reshape:0,4", 18), 2, EXACT);
    assertRewriteKeepsOutputs(LocalRuleFixtures.reduceMeanThen(x, new long[] {2, 3}, "Reshape:0,8,1", 18), 3, EXACT);
  }

}
