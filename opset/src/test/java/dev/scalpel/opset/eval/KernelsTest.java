package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static dev.scalpel.opset.eval.KernelFixture.longs;
import static dev.scalpel.opset.eval.KernelFixture.op;
import static dev.scalpel.opset.eval.KernelFixture.scalar;
import static dev.scalpel.opset.eval.KernelFixture.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.OpId;
import org.junit.jupiter.api.Test;

class KernelsTest {

  @Test
  void lookupPicksTheVersionInForce() {
    Kernels k = Kernels.standard();
    assertThat(k.lookup(OpId.onnx("Unsqueeze"), 11)).isPresent();
    assertThat(k.lookup(OpId.onnx("Expand"), 7)).isEmpty();
    assertThat(k.lookup(OpId.onnx("Conv"), 13)).isEmpty();
    assertThat(k.lookup(new OpId("com.microsoft", "Add"), 13)).isEmpty();
    assertThatThrownBy(() -> op("Expand", 7, vec(1), vec(2)).run()).isInstanceOf(EvaluationException.class)
        .hasMessageContaining("no kernel");
  }

  @Test
  void unsupportedRegistrationEndsAKernel() {
    Kernels k = Kernels.builder().add("Foo", 1, ctx -> java.util.List.of()).unsupported("Foo", 5).build();
    assertThat(k.lookup(OpId.onnx("Foo"), 4)).isPresent();
    assertThat(k.lookup(OpId.onnx("Foo"), 5)).isEmpty();
  }

  @Test
  void outputsOverTheBudgetAreRefusedBeforeAllocation() {
    long huge = 1L << 40;
    assertThatThrownBy(() -> op("ConstantOfShape", 9, vec(huge, huge)).limit(1000).run())
        .isInstanceOf(EvaluationException.class).hasMessageContaining("budget");
    assertThatThrownBy(() -> op("Expand", 13, vec(1), vec(huge, 1)).limit(1000).run())
        .isInstanceOf(EvaluationException.class).hasMessageContaining("budget");
    assertThatThrownBy(() -> op("Tile", 13, vec(1, 2), vec(huge)).limit(1000).run())
        .isInstanceOf(EvaluationException.class).hasMessageContaining("budget");
    assertThatThrownBy(() -> op("Range", 11, scalar(0), scalar(Long.MAX_VALUE / 2), scalar(1)).limit(1000).run())
        .isInstanceOf(EvaluationException.class).hasMessageContaining("budget");
    assertThat(op("Range", 11, scalar(0), scalar(10), scalar(3)).limit(4).single().toLongArray()).containsExactly(0, 3, 6, 9);
    assertThatThrownBy(() -> op("Range", 11, scalar(0), scalar(10), scalar(3)).limit(3).run())
        .isInstanceOf(EvaluationException.class);
  }

  @Test
  void generatorsBuildTheirValues() {
    Tensor filled = op("ConstantOfShape", 9, vec(2, 2)).attr(Attribute.of("value", longs(dims(1), 7))).single();
    assertThat(filled.toLongArray()).containsExactly(7, 7, 7, 7);
    assertThat(op("Constant", 13).attr(Attribute.ofInts("value_ints", 1, 2)).single().toLongArray()).containsExactly(1, 2);
    assertThat(op("Range", 11, scalar(5), scalar(1), scalar(-2)).single().toLongArray()).containsExactly(5, 3);
  }

  @Test
  void reductionsFollowTheirAxesMigration() {
    Tensor m = longs(dims(2, 3), 1, 2, 3, 4, 5, 6);
    assertThat(op("ReduceSum", 11, m).attr(Attribute.ofInts("axes", 1)).single().dims()).containsExactly(2, 1);
    assertThat(op("ReduceSum", 13, m, vec(-1)).attr(Attribute.of("keepdims", 0L)).single().toLongArray()).containsExactly(6, 15);
    assertThat(op("ReduceSum", 13, m, vec()).attr(Attribute.of("noop_with_empty_axes", 1L)).single().dims()).containsExactly(2, 3);
    assertThat(op("ReduceProd", 13, m).attr(Attribute.of("keepdims", 0L)).single().toLongArray()).containsExactly(720);
    assertThat(op("ReduceMax", 18, m, vec(0)).single().toLongArray()).containsExactly(4, 5, 6);
    assertThat(op("ReduceMin", 18, floats(dims(0), new float[0])).single().toFloatArray()).containsExactly(Float.POSITIVE_INFINITY);
  }
}
