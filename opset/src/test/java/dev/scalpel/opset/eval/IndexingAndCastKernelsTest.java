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
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexingAndCastKernelsTest {

  @Test
  void gatherTakesNegativeIndicesAndScalarIndicesDropTheAxis() {
    Tensor shape = vec(2, 3, 224, 224);
    assertThat(op("Gather", 13, shape, scalar(-1)).single().dims()).isEmpty();
    assertThat(op("Gather", 13, shape, scalar(-1)).single().toLongArray()).containsExactly(224);
    Tensor m = longs(dims(2, 3), 1, 2, 3, 4, 5, 6);
    Tensor cols = op("Gather", 13, m, vec(2, 0)).attr(Attribute.of("axis", 1L)).single();
    assertThat(cols.dims()).containsExactly(2, 2);
    assertThat(cols.toLongArray()).containsExactly(3, 1, 6, 4);
    assertThatThrownBy(() -> op("Gather", 13, shape, scalar(4)).run()).isInstanceOf(EvaluationException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void gatherElementsPicksAlongTheAxis() {
    Tensor m = longs(dims(2, 2), 1, 2, 3, 4);
    Tensor out = op("GatherElements", 13, m, longs(dims(2, 2), 0, 0, -1, 0)).attr(Attribute.of("axis", 1L)).single();
    assertThat(out.toLongArray()).containsExactly(1, 1, 4, 3);
  }

  @Test
  void castTruncatesTowardZero() {
    Tensor out = op("Cast", 13, floats(dims(4), 1.7f, -1.7f, -0.5f, 2.5f)).attr(Attribute.of("to", (long) DataType.INT64.code())).single();
    assertThat(out.toLongArray()).containsExactly(1, -1, 0, 2);
  }

  @Test
  void castToBoolIsNonZeroAndFromBoolIsZeroOrOne() {
    Tensor b = op("Cast", 13, floats(dims(3), 0f, -0.1f, Float.NaN)).attr(Attribute.of("to", (long) DataType.BOOL.code())).single();
    assertThat(b.dataType()).isEqualTo(DataType.BOOL);
    Tensor back = op("Cast", 13, b).attr(Attribute.of("to", (long) DataType.INT32.code())).single();
    assertThat(back.toLongArray()).containsExactly(0, 1, 1);
  }

  @Test
  void castNarrowsToFloat16AndByNameAtVersion1() {
    Tensor h = op("Cast", 13, floats(dims(2), 1f / 3, 70000f)).attr(Attribute.of("to", (long) DataType.FLOAT16.code())).single();
    Tensor f = op("Cast", 1, h).attr(Attribute.of("to", "FLOAT")).single();
    assertThat(f.toFloatArray()).containsExactly(0.33325195f, Float.POSITIVE_INFINITY);
  }

  @Test
  void stringsParseButNumbersDoNotFormat() {
    Tensor s = DenseTensor.ofStrings("", dims(2), List.of("1.5".getBytes(StandardCharsets.UTF_8), "-INF".getBytes(StandardCharsets.UTF_8)));
    assertThat(op("Cast", 13, s).attr(Attribute.of("to", (long) DataType.FLOAT.code())).single().toFloatArray())
        .containsExactly(1.5f, Float.NEGATIVE_INFINITY);
    assertThatThrownBy(() -> op("Cast", 13, floats(dims(1), 1f)).attr(Attribute.of("to", (long) DataType.STRING.code())).run())
        .isInstanceOf(EvaluationException.class).hasMessageContaining("string");
  }

  @Test
  void comparisonsAndWhereBroadcast() {
    Tensor less = op("Less", 13, vec(1, 5), scalar(3)).single();
    assertThat(less.dataType()).isEqualTo(DataType.BOOL);
    Tensor picked = op("Where", 16, less, vec(10, 20), scalar(0)).single();
    assertThat(picked.toLongArray()).containsExactly(10, 0);
    assertThat(op("Equal", 13, floats(dims(1), Float.NaN), floats(dims(1), Float.NaN)).single().data().get(0)).isEqualTo((byte) 0);
  }
}
