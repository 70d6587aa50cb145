package dev.scalpel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.Pipelines;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Found by {@code FoldFuzzTest#foldWithOnnxRuntime} (crash-5c47237f in its inputs):
 * folding ReduceL1 of an empty float16[0,1,0,0] constant through ONNX Runtime 1.26 killed the JVM
 * with SIGSEGV. Such a region is not handed to ONNX Runtime; the fold is skipped.
 */
class EmptyHalfTensorOrtFoldTest {
  @Test
  void aReductionOfAnEmptyFloat16ConstantIsNotHandedToOnnxRuntime() {
    GraphBuilder b = GraphBuilder.create(18);
    Value c = b.initializer("c", DenseTensor.wrap("c", DataType.FLOAT16, new long[] {0, 1, 0, 0}, ByteBuffer.allocate(0)));
    b.output(b.op("ReduceL1", List.of(c), Attribute.of("keepdims", 1L)));
    Model model = b.model();

    Pipelines.fold(Pipelines.Options.defaults().withFallback(new OrtEvaluator())).run(model);

    assertThat(model.graph().nodes()).extracting(n -> n.opType()).containsExactly("ReduceL1");
  }

  /**
   * Found by the same target later (crash-d48f6ecf): ReduceLogSumExp of an empty uint64[0,0,0]
   * constant with keepdims=2 also killed the JVM, so no empty constant of any type goes to ONNX Runtime.
   */
  @Test
  void aReductionOfAnEmptyUint64ConstantIsNotHandedToOnnxRuntime() {
    GraphBuilder b = GraphBuilder.create(18);
    Value c = b.initializer("c", DenseTensor.wrap("c", DataType.UINT64, new long[] {0, 0, 0}, ByteBuffer.allocate(0)));
    b.output(b.op("ReduceLogSumExp", List.of(c), Attribute.of("keepdims", 2L), Attribute.of("noop_with_empty_axes", -3L)));
    Model model = b.model();

    Pipelines.fold(Pipelines.Options.defaults().withFallback(new OrtEvaluator())).run(model);

    assertThat(model.graph().nodes()).extracting(n -> n.opType()).containsExactly("ReduceLogSumExp");
  }

  /** Found by the same target (crash-8938ef2f): DFT of an empty float32[4,1,0,1] computed in the region. */
  @Test
  void aDftOfAnEmptyTensorIsNotHandedToOnnxRuntime() {
    GraphBuilder b = GraphBuilder.create(18);
    Value c = b.initializer("c", DenseTensor.wrap("c", DataType.FLOAT, new long[] {4, 1, 0, 1}, ByteBuffer.allocate(0)));
    b.output(b.op("DFT", b.op("Max", c, c)));
    Model model = b.model();

    Pipelines.fold(Pipelines.Options.defaults().withFallback(new OrtEvaluator())).run(model);

    assertThat(model.graph().nodes()).extracting(n -> n.opType()).contains("DFT");
  }
}
