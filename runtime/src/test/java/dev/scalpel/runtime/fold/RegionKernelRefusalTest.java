package dev.scalpel.runtime.fold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.eval.Kernels;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.runtime.OrtEvaluator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node with a Java kernel that reads what ONNX Runtime computes for a fold region (here X comes
 * from LRN, which has no Java kernel) is folded only where its Java kernel, given ONNX Runtime's
 * inputs, computes it: a refusal as undefined keeps the node (and what reads it) in the graph,
 * while the rest of the region still folds; a refusal as unsupported leaves ONNX Runtime's value.
 */
class RegionKernelRefusalTest {
  private static PassContext fold(Model m, OrtEvaluator evaluator) {
    PassContext context = new PassContext();
    new FoldConstants(FoldConstants.Options.defaults().withFallback(evaluator)).run(m, context);
    return context;
  }

  private static List<String> ops(Model m) {
    return m.graph().nodes().stream().map(Node::opType).toList();
  }

  /** LRN with size 1 and the default alpha, beta, bias: x / (1 + 1e-4 x²)^0.75 (worked from the spec). */
  private static float lrn(float x) {
    return (float) (x / Math.pow(1 + 1e-4 * x * x, 0.75));
  }

  /**
   * y = TopK(LRN(x0), k=2, sorted) on the last axis of x0 = [[1, 2], [3, 4]] (shape [1, 1, 2, 2]);
   * z = Neg(LRN(x0)).
   */
  private static Model topKOfLrn(long sorted) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x0 = b.initializer("x0", DenseTensor.ofFloats("x0", new long[] {1, 1, 2, 2}, 1, 2, 3, 4));
    Value x = b.op("LRN", List.of(x0), Attribute.of("size", 1L));
    Value k = b.initializer("k", DenseTensor.ofLongs("k", new long[] {1}, 2));
    List<Value> topK = b.ops("TopK", 2, List.of(x, k), Attribute.of("sorted", sorted));
    topK.get(0).setName("y");
    Value z = b.op("Neg", x);
    z.setName("z");
    b.output(topK.get(0), z);
    return b.model();
  }

  @Test
  void topKUnsortedReadingARegionIsNotFoldedAndTheRestOfTheRegionIs() {
    Model m = topKOfLrn(0);

    PassContext context = fold(m, new OrtEvaluator());

    // sorted=0: the spec leaves the order open, the Java kernel refuses; ONNX Runtime returns one.
    assertThat(ops(m)).as(String.join("; ", context.diagnostics())).containsExactly("TopK");
    assertThat(context.diagnostics()).anyMatch(d -> d.contains("TopK") && d.contains("sorted=0"));
    // LRN and the Neg reading it fold: z = -LRN(x0).
    assertThat(m.graph().outputs().get(1).constantValue().orElseThrow().toFloatArray())
        .containsExactly(new float[] {-lrn(1), -lrn(2), -lrn(3), -lrn(4)}, within(1e-6f));
  }

  @Test
  void topKSortedReadingARegionFoldsToTheValueWorkedByHand() {
    Model m = topKOfLrn(1);

    PassContext context = fold(m, new OrtEvaluator());

    assertThat(ops(m)).as(String.join("; ", context.diagnostics())).isEmpty();
    // The two largest of each row, largest first; LRN keeps the order of 1..4.
    assertThat(m.graph().outputs().get(0).constantValue().orElseThrow().toFloatArray())
        .containsExactly(new float[] {lrn(2), lrn(1), lrn(4), lrn(3)}, within(1e-6f));
  }

  @Test
  void gridSampleCubicWithBorderPaddingReadingARegionIsNotFolded() {
    GraphBuilder b = GraphBuilder.create(20);
    Value x0 = b.initializer("x0", DenseTensor.ofFloats("x0", new long[] {1, 1, 2, 2}, 1, 2, 3, 4));
    Value x = b.op("LRN", List.of(x0), Attribute.of("size", 1L));
    Value grid = b.initializer("grid", DenseTensor.ofFloats("grid", new long[] {1, 1, 1, 2}, 0.9f, -0.9f));
    Value y = b.op("GridSample", List.of(x, grid), Attribute.of("mode", "cubic"),
        Attribute.of("padding_mode", "border"));
    y.setName("y");
    b.output(y);
    Model m = b.model();

    PassContext context = fold(m, new OrtEvaluator());

    assertThat(ops(m)).as(String.join("; ", context.diagnostics())).containsExactly("GridSample");
    assertThat(context.diagnostics()).anyMatch(d -> d.contains("GridSample") && d.contains("undefined"));
  }

  @Test
  void aRefusalAsUnsupportedLeavesOnnxRuntimesValue() {
    // A Neg "kernel" that lacks the case: another evaluator may compute it, so ONNX Runtime's
    // value stands (checked by hand: -LRN(x0)) and nothing is reported about Neg.
    Kernels unsupportedNeg = Kernels.builder().add("Neg", 6, ctx -> {
      throw ctx.unsupported("not held here");
    }).build();
    Model m = topKOfLrn(1);

    PassContext context = fold(m, new OrtEvaluator(unsupportedNeg));

    assertThat(ops(m)).as(String.join("; ", context.diagnostics())).isEmpty();
    assertThat(context.diagnostics()).noneMatch(d -> d.contains("Neg"));
    assertThat(m.graph().outputs().get(1).constantValue().orElseThrow().toFloatArray())
        .containsExactly(new float[] {-lrn(1), -lrn(2), -lrn(3), -lrn(4)}, within(1e-6f));
  }

  @Test
  void aKernelThatFailsOtherwiseDiscardsOnnxRuntimesValueOfItsNode() {
    // A Neg "kernel" of the evaluator's check that fails with no verdict: nothing says ONNX
    // Runtime's value is defined, so the Neg is dropped from the region (and said so); the rest of
    // the region folds, and FoldConstants' own (standard) Neg kernel folds it in the next round.
    Kernels failingNeg = Kernels.builder().add("Neg", 6, ctx -> {
      throw new IllegalStateException("kernel bug");
    }).build();
    Model m = topKOfLrn(1);

    PassContext context = fold(m, new OrtEvaluator(failingNeg));

    assertThat(context.diagnostics()).anyMatch(d -> d.contains("Neg") && d.contains("kernel bug"));
    assertThat(ops(m)).as(String.join("; ", context.diagnostics())).isEmpty();
    assertThat(m.graph().outputs().get(0).constantValue().orElseThrow().toFloatArray())
        .containsExactly(new float[] {lrn(2), lrn(1), lrn(4), lrn(3)}, within(1e-6f));
  }
}
