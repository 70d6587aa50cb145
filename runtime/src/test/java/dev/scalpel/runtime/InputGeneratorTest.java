package dev.scalpel.runtime;

import dev.scalpel.graph.tensor.HalfFloats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InputGeneratorTest {
  private static final long[] DIMS = {4, 250};

  @Test
  void floatsDefaultToTheUnitInterval() {
    for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16, DataType.BFLOAT16)) {
      ElementView v = new ElementView(new InputGenerator(1).generate("x", type, DIMS));
      double min = 1;
      double max = 0;
      for (int i = 0; i < v.size(); i++) {
        min = Math.min(min, v.getDouble(i));
        max = Math.max(max, v.getDouble(i));
      }
      assertThat(min).as(type.toString()).isGreaterThanOrEqualTo(0).isLessThan(0.05);
      assertThat(max).as(type.toString()).isLessThan(1).isGreaterThan(0.95);
    }
  }

  @Test
  void integersDefaultToZeroAndOne() {
    for (DataType type : List.of(DataType.INT8, DataType.INT16, DataType.INT32, DataType.INT64, DataType.UINT8,
        DataType.UINT16, DataType.UINT32, DataType.UINT64)) {
      assertThat(values(new InputGenerator(1).generate("ids", type, DIMS))).as(type.toString()).containsExactlyInAnyOrder(0L, 1L);
    }
    assertThat(values(new InputGenerator(1).generate("flag", DataType.BOOL, DIMS))).containsExactlyInAnyOrder(0L, 1L);
  }

  @Test
  void perInputAndDefaultRangesApply() {
    InputGenerator g = new InputGenerator(3, new ValueRange(-2, -1), new ValueRange(5, 7),
        Map.of("ids", new ValueRange(0, 9.5)));
    assertThat(values(g.generate("ids", DataType.INT64, DIMS))).hasSize(10).allMatch(v -> v >= 0 && v <= 9);
    assertThat(values(g.generate("other", DataType.INT32, DIMS))).containsExactlyInAnyOrder(5L, 6L, 7L);
    float[] f = g.generate("x", DataType.FLOAT, DIMS).toFloatArray();
    for (float v : f) {
      assertThat(v).isGreaterThanOrEqualTo(-2f).isLessThan(-1f);
    }
    assertThatThrownBy(() -> new InputGenerator(0, ValueRange.DEFAULT_FLOAT, new ValueRange(0, 300), Map.of())
        .generate("b", DataType.INT8, DIMS)).isInstanceOf(InputSpecException.class).hasMessageContaining("'b'");
  }

  @Test
  void seedsAreReproducibleAndIndependentOfOtherInputs() {
    Tensor a = new InputGenerator(42).generate("x", DataType.FLOAT, DIMS);
    Tensor b = new InputGenerator(42).generate("x", DataType.FLOAT, DIMS);
    Tensor c = new InputGenerator(43).generate("x", DataType.FLOAT, DIMS);
    Tensor otherName = new InputGenerator(42).generate("y", DataType.FLOAT, DIMS);
    assertThat(a.data()).isEqualTo(b.data());
    assertThat(a.data()).isNotEqualTo(c.data());
    assertThat(a.data()).isNotEqualTo(otherName.data());

    List<InputSpec> specs = List.of(DimPlanTest.spec("x", DataType.FLOAT, Dim.of("batch"), Dim.of(250)));
    DimPlan plan = new DimPlan(Map.of("batch", List.of(4L)));
    Map<String, Tensor> generated = new InputGenerator(42).generate(specs, plan, 0, Map.of());
    assertThat(generated.get("x").data()).isEqualTo(a.data());
  }

  @Test
  void userTensorsTakePrecedence() {
    List<InputSpec> specs = List.of(DimPlanTest.spec("x", DataType.FLOAT, Dim.of(2)),
        DimPlanTest.spec("y", DataType.FLOAT, Dim.of(2)));
    DenseTensor x = DenseTensor.ofFloats("x", new long[] {2}, 7f, 8f);
    Map<String, Tensor> in = new InputGenerator(0).generate(specs, new DimPlan(Map.of()), 0, Map.of("x", x));
    assertThat(in.get("x")).isSameAs(x);
    assertThat(in.get("y").dims()).containsExactly(2);
  }

  @Test
  void unsupportedTypesAreRejectedNamingTheInput() {
    List<InputSpec> strings = List.of(DimPlanTest.spec("text", DataType.STRING, Dim.of(2)));
    assertThatThrownBy(() -> new InputGenerator(0).generate(strings, new DimPlan(Map.of()), 0, Map.of()))
        .isInstanceOf(InputSpecException.class).hasMessageContaining("'text'").hasMessageContaining("string");
    List<InputSpec> seq = List.of(new InputSpec("items",
        new ValueType.SequenceType(new ValueType.TensorType(DataType.FLOAT, null), null)));
    assertThatThrownBy(() -> new InputGenerator(0).generate(seq, new DimPlan(Map.of()), 0, Map.of()))
        .isInstanceOf(InputSpecException.class).hasMessageContaining("'items'").hasMessageContaining("seq");
  }

  @Test
  void halfFloatConversionsRoundTrip() {
    for (float f : new float[] {0f, -0f, 1f, -2.5f, 0.1f, 65504f, 6.1035156e-05f, 5.9604645e-08f}) {
      assertThat(HalfFloats.halfToFloat(HalfFloats.floatToHalf(f))).isCloseTo(f, org.assertj.core.data.Offset.offset(Math.abs(f) * 1e-3f));
    }
    assertThat(HalfFloats.floatToHalf(1f)).isEqualTo((short) 0x3c00);
    assertThat(HalfFloats.floatToHalf(1e6f)).isEqualTo((short) 0x7c00);
    assertThat(Float.isNaN(HalfFloats.halfToFloat(HalfFloats.floatToHalf(Float.NaN)))).isTrue();
    assertThat(HalfFloats.bfloat16ToFloat(HalfFloats.floatToBfloat16(1.5f))).isEqualTo(1.5f);
  }

  private static Set<Long> values(Tensor t) {
    ElementView v = new ElementView(t);
    Set<Long> out = new HashSet<>();
    for (int i = 0; i < v.size(); i++) {
      out.add(v.getLong(i));
    }
    return out;
  }
}
