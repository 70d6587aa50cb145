package dev.scalpel.opset.eval;

import static dev.scalpel.opset.eval.KernelFixture.dims;
import static dev.scalpel.opset.eval.KernelFixture.floats;
import static dev.scalpel.opset.eval.KernelFixture.ints;
import static dev.scalpel.opset.eval.KernelFixture.longs;
import static dev.scalpel.opset.eval.KernelFixture.op;
import static dev.scalpel.opset.eval.KernelFixture.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import org.junit.jupiter.api.Test;

class ArithmeticKernelsTest {

  @Test
  void addBroadcastsMultidirectionally() {
    Tensor out = op("Add", 14, longs(dims(2, 1), 10, 20), vec(1, 2, 3)).single();
    assertThat(out.dims()).containsExactly(2, 3);
    assertThat(out.toLongArray()).containsExactly(11, 12, 13, 21, 22, 23);
  }

  @Test
  void shapesThatDoNotBroadcastAreAnError() {
    assertThatThrownBy(() -> op("Mul", 14, vec(1, 2), vec(1, 2, 3)).run())
        .isInstanceOf(EvaluationException.class).hasMessageContaining("Mul").hasMessageContaining("broadcast");
  }

  @Test
  void legacyBroadcastAlignsAtTheAxis() {
    Tensor out = op("Add", 6, longs(dims(2, 3), 0, 0, 0, 0, 0, 0), vec(1, 2))
        .attr(Attribute.of("broadcast", 1L)).attr(Attribute.of("axis", 0L)).single();
    assertThat(out.toLongArray()).containsExactly(1, 1, 1, 2, 2, 2);
  }

  @Test
  void integerDivisionTruncatesTowardZero() {
    Tensor out = op("Div", 14, vec(7, -7, 7, -7), vec(2, 2, -2, -2)).single();
    assertThat(out.toLongArray()).containsExactly(3, -3, -3, 3);
  }

  @Test
  void integerDivisionByZeroIsAnError() {
    assertThatThrownBy(() -> op("Div", 14, vec(1), vec(0)).run()).isInstanceOf(EvaluationException.class)
        .hasMessageContaining("division by zero");
  }

  @Test
  void floatDivisionByZeroIsInfinite() {
    assertThat(op("Div", 14, floats(dims(1), 1f), floats(dims(1), 0f)).single().toFloatArray())
        .containsExactly(Float.POSITIVE_INFINITY);
  }

  @Test
  void modTakesTheDivisorsSignUnlessFmod() {
    assertThat(op("Mod", 13, vec(-7, 7, -7, 7), vec(3, -3, -3, 3)).single().toLongArray())
        .containsExactly(2, -2, -1, 1);
    assertThat(op("Mod", 13, vec(-7, 7, -7, 7), vec(3, -3, -3, 3)).attr(Attribute.of("fmod", 1L)).single().toLongArray())
        .containsExactly(-1, 1, -1, 1);
  }

  @Test
  void floatModNeedsFmod() {
    assertThatThrownBy(() -> op("Mod", 13, floats(dims(1), 1f), floats(dims(1), 1f)).run())
        .isInstanceOf(EvaluationException.class).hasMessageContaining("fmod");
    assertThat(op("Mod", 13, floats(dims(2), -5.5f, 5.5f), floats(dims(2), 2f, -2f)).attr(Attribute.of("fmod", 1L))
        .single().toFloatArray()).containsExactly(-1.5f, 1.5f);
  }

  @Test
  void int32ArithmeticWraps() {
    Tensor out = op("Add", 14, ints(dims(1), Integer.MAX_VALUE), ints(dims(1), 1)).single();
    assertThat(out.dataType()).isEqualTo(DataType.INT32);
    assertThat(out.toLongArray()).containsExactly(Integer.MIN_VALUE);
  }

  @Test
  void mixedTypesAreAnError() {
    assertThatThrownBy(() -> op("Sub", 14, vec(1), ints(dims(1), 1)).run()).isInstanceOf(EvaluationException.class);
  }

  @Test
  void powOfIntegersIsExact() {
    assertThat(op("Pow", 15, vec(3, -2), vec(39, 3)).single().toLongArray())
        .containsExactly(4052555153018976267L, -8);
  }

  @Test
  void minAndMaxAreVariadicAndBroadcast() {
    assertThat(op("Max", 13, vec(1, 5, 3), longs(dims(), 2), vec(0, 0, 4)).single().toLongArray()).containsExactly(2, 5, 4);
    assertThat(op("Min", 13, vec(1, 5, 3), longs(dims(), 2)).single().toLongArray()).containsExactly(1, 2, 2);
    assertThatThrownBy(() -> op("Min", 6, vec(1, 5, 3), longs(dims(), 2)).run()).isInstanceOf(EvaluationException.class);
  }
}
