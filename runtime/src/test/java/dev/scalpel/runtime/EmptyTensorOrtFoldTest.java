package dev.scalpel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.Pipelines;
import dev.scalpel.passes.fold.FoldConstants;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Empty tensors and folding through ONNX Runtime 1.26, which killed the JVM (SIGSEGV) on three
 * inputs FoldFuzzTest#foldWithOnnxRuntime found (crash-5c47237f, crash-d48f6ecf, crash-8938ef2f in
 * its inputs): only the uses {@link OrtEmptyTensorUses} vets reach it; the rest stay in the graph
 * or fold through a Java kernel.
 */
class EmptyTensorOrtFoldTest {
  private static Tensor empty(DataType type, long... dims) {
    return DenseTensor.wrap("c", type, dims, ByteBuffer.allocate(0));
  }

  private static void fold(Model model) {
    Pipelines.fold(Pipelines.Options.defaults().withFallback(new OrtEvaluator())).run(model);
  }

  /** ReduceL1 of an empty float16[0,1,0,0] (crash-5c47237f) folds through the Java kernel: the empty set's L1 is 0. */
  @Test
  void aReductionOfAnEmptyFloat16ConstantFoldsThroughTheJavaKernel() {
    GraphBuilder b = GraphBuilder.create(18);
    Value c = b.initializer("c", empty(DataType.FLOAT16, 0, 1, 0, 0));
    b.output(b.op("ReduceL1", List.of(c), Attribute.of("keepdims", 1L)));
    Model model = b.model();

    fold(model);

    assertThat(model.graph().nodes()).isEmpty();
    Tensor folded = model.graph().outputs().get(0).constantValue().orElseThrow();
    assertThat(folded.dataType()).isEqualTo(DataType.FLOAT16);
    assertThat(folded.dims()).containsExactly(1, 1, 1, 1);
    // float16 0.0 is the two bytes 0x0000.
    ByteBuffer data = folded.data().slice();
    assertThat(data.remaining()).isEqualTo(2);
    assertThat(data.getShort(0)).isZero();
  }

  /**
   * ReduceLogSumExp of an empty uint64[0,0,0] with keepdims=2 (crash-d48f6ecf): the Java kernel
   * takes floats only, and an empty uint64 input is no vetted use, so it stays.
   */
  @Test
  void aReductionOfAnEmptyUint64ConstantIsNotHandedToOnnxRuntime() {
    GraphBuilder b = GraphBuilder.create(18);
    Value c = b.initializer("c", empty(DataType.UINT64, 0, 0, 0));
    b.output(b.op("ReduceLogSumExp", List.of(c), Attribute.of("keepdims", 2L), Attribute.of("noop_with_empty_axes", -3L)));
    Model model = b.model();

    fold(model);

    assertThat(model.graph().nodes()).extracting(n -> n.opType()).containsExactly("ReduceLogSumExp");
  }

  /**
   * DFT of an empty float32[4,1,0,1] computed in the region (crash-8938ef2f) stays, with the reason.
   * NOTE: a dft_length over the Java kernel's work limit makes the kernel leave it to ONNX Runtime.
   */
  @Test
  void aDftOfAnEmptyTensorIsNotHandedToOnnxRuntime() {
    GraphBuilder b = GraphBuilder.create(18);
    Value c = b.initializer("c", empty(DataType.FLOAT, 4, 1, 0, 1));
    Value length = b.initializer("length", DenseTensor.ofLongs("length", new long[0], 1L << 27));
    b.output(b.op("DFT", List.of(b.op("Max", c, c), length)));
    Model model = b.model();
    PassContext context = new PassContext();

    new FoldConstants(FoldConstants.Options.defaults().withFallback(new OrtEvaluator())).run(model, context);

    assertThat(model.graph().nodes()).extracting(n -> n.opType()).contains("DFT");
    assertThat(context.diagnostics()).anyMatch(d -> d.contains("DFT sees an empty float tensor at input 0, a use of"
        + " empty tensors not vetted on ONNX Runtime 1.26"));
  }

  /**
   * A region whose second node is refused (ReduceL1 of the empty result of Trilu, an unvetted use)
   * still folds its first (Trilu of an empty float[0,5], a vetted use) through ONNX Runtime; the
   * refused node then folds through its Java kernel, its input now a constant: L1 of nothing is 0.
   */
  @Test
  void aRefusedNodeLeavesTheRestOfItsRegionToFoldAndThenFoldsThroughItsKernel() {
    GraphBuilder b = GraphBuilder.create(18);
    Value c = b.initializer("c", empty(DataType.FLOAT, 0, 5));
    Value lower = b.op("Trilu", List.of(c), Attribute.of("upper", 0L));
    b.output(b.op("ReduceL1", List.of(lower), Attribute.of("keepdims", 0L)));
    Model model = b.model();
    PassContext context = new PassContext();

    new FoldConstants(FoldConstants.Options.defaults().withFallback(new OrtEvaluator())).run(model, context);

    assertThat(context.diagnostics()).anyMatch(d -> d.startsWith("not folded a region of 1 nodes starting at ReduceL1")
        && d.contains("ReduceL1 sees an empty float tensor at input 0"));
    assertThat(model.graph().nodes()).isEmpty();
    Tensor folded = model.graph().outputs().get(0).constantValue().orElseThrow();
    assertThat(folded.dims()).isEmpty();
    assertThat(folded.toFloatArray()).containsExactly(0f);
  }
}
