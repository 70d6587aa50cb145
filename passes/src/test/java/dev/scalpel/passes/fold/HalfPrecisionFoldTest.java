package dev.scalpel.passes.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.tensor.HalfFloats;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.common.InferShapes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * float16 and bfloat16 fold in their own type: each op computes wide and rounds its result once,
 * as a model of 16-bit ops means. The values are chosen so that rounding after every step gives a
 * different answer, checked by hand:
 *
 * <ul>
 *   <li>float16 has 11 significant bits, so between 2048 and 4096 only even integers exist.
 *       2048 + 1 + 1 rounded once is 2050 (exact); rounded per step, 2048 + 1 = 2049 is a tie
 *       between 2048 and 2050 and goes to the even significand, 2048, and again +1 gives 2048.
 *   <li>bfloat16 has 8 significant bits: between 256 and 512 only even integers exist, so
 *       256 + 1 + 1 is 258 rounded once and 256 rounded per step.
 * </ul>
 */
class HalfPrecisionFoldTest {
  private static Tensor halfs(String name, DataType type, float... values) {
    ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putShort(type == DataType.FLOAT16 ? HalfFloats.floatToHalf(v) : HalfFloats.floatToBfloat16(v));
    }
    b.flip();
    return DenseTensor.wrap(name, type, values.length == 1 ? new long[0] : new long[] {values.length}, b);
  }

  private static float read(Tensor t) {
    short bits = t.data().order(ByteOrder.LITTLE_ENDIAN).getShort(t.data().position());
    return t.dataType() == DataType.FLOAT16 ? HalfFloats.halfToFloat(bits) : HalfFloats.bfloat16ToFloat(bits);
  }

  /** y = x + f(b), with x a run-time scalar, so f(b) folds into the initializer that Add reads. */
  private static float folded(DataType type, Function<GraphBuilder, Value> constantPart) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", type, Shape.of(new long[0]));
    Value y = b.op("Add", x, constantPart.apply(b));
    y.setName("y");
    b.output(y);
    Model m = b.model();
    PassManager.builder().add(new InferShapes()).add(new FoldConstants()).build().run(m);
    assertThat(m.graph().nodes()).hasSize(1);
    Tensor t = m.graph().nodes().get(0).input(1).constantValue().orElseThrow();
    assertThat(t.dataType()).isEqualTo(type);
    return read(t);
  }

  @Test
  void float16SumOfThreeRoundsOnce() {
    float big = 2048f;
    assertThat(folded(DataType.FLOAT16, b -> b.op("Sum", b.constant(halfs("a", DataType.FLOAT16, big)),
        b.constant(halfs("one", DataType.FLOAT16, 1f)), b.constant(halfs("one2", DataType.FLOAT16, 1f))))).isEqualTo(2050f);
  }

  @Test
  void float16ReduceSumRoundsOnce() {
    assertThat(folded(DataType.FLOAT16, b -> b.op("ReduceSum", List.of(b.constant(halfs("v", DataType.FLOAT16, 2048f, 1f, 1f)),
        b.constant(DenseTensor.vector("axes", 0))), Attribute.of("keepdims", 0L)))).isEqualTo(2050f);
  }

  @Test
  void twoFloat16AddsRoundTwiceBecauseEachNodeOutputsFloat16() {
    // each Add's output is a float16 tensor in the model: 2048+1 -> 2048, then 2048+1 -> 2048
    assertThat(folded(DataType.FLOAT16, b -> b.op("Add", b.op("Add", b.constant(halfs("a", DataType.FLOAT16, 2048f)),
        b.constant(halfs("one", DataType.FLOAT16, 1f))), b.constant(halfs("one2", DataType.FLOAT16, 1f))))).isEqualTo(2048f);
  }

  @Test
  void bfloat16SumOfThreeRoundsOnce() {
    assertThat(folded(DataType.BFLOAT16, b -> b.op("Sum", b.constant(halfs("a", DataType.BFLOAT16, 256f)),
        b.constant(halfs("one", DataType.BFLOAT16, 1f)), b.constant(halfs("one2", DataType.BFLOAT16, 1f))))).isEqualTo(258f);
  }
}
