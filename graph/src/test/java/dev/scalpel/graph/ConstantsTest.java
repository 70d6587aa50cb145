package dev.scalpel.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every form of constant {@link Constants} reads, with the expected values written out by hand. */
class ConstantsTest {
  private final GraphBuilder b = GraphBuilder.create(21);

  private Value constant(Attribute a) {
    return b.op("Constant", List.of(), a);
  }

  @Test
  void valueTensorIsReturnedAsIs() {
    Tensor t = DenseTensor.ofFloats("t", new long[] {2}, 1.5f, -2f);
    Tensor read = Constants.of(constant(Attribute.of("value", t))).orElseThrow();
    assertThat(read).isSameAs(t);
  }

  @Test
  void valueFloatIsARankZeroFloat() {
    Tensor t = Constants.of(constant(Attribute.of("value_float", 0.25f))).orElseThrow();
    assertThat(t.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(t.dims()).isEmpty();
    assertThat(t.toFloatArray()).containsExactly(0.25f);
  }

  @Test
  void valueFloatsIsAOneDimensionalFloat() {
    Tensor t = Constants.of(constant(Attribute.ofFloats("value_floats", 1f, 2.5f, -3f))).orElseThrow();
    assertThat(t.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(t.dims()).containsExactly(3);
    assertThat(t.toFloatArray()).containsExactly(1f, 2.5f, -3f);
  }

  @Test
  void valueIntIsARankZeroInt64() {
    Tensor t = Constants.of(constant(Attribute.of("value_int", 7L))).orElseThrow();
    assertThat(t.dataType()).isEqualTo(DataType.INT64);
    assertThat(t.dims()).isEmpty();
    assertThat(t.toLongArray()).containsExactly(7L);
  }

  @Test
  void valueIntsIsAOneDimensionalInt64() {
    Tensor t = Constants.of(constant(Attribute.ofInts("value_ints", 1, -1, 64))).orElseThrow();
    assertThat(t.dataType()).isEqualTo(DataType.INT64);
    assertThat(t.dims()).containsExactly(3);
    assertThat(t.toLongArray()).containsExactly(1L, -1L, 64L);
  }

  @Test
  void valueStringAndStringsAreStringTensors() {
    Tensor one = Constants.of(constant(Attribute.of("value_string", "héllo"))).orElseThrow();
    assertThat(one.dataType()).isEqualTo(DataType.STRING);
    assertThat(one.dims()).isEmpty();
    assertThat(new String(one.strings().get(0), StandardCharsets.UTF_8)).isEqualTo("héllo");

    Tensor two = Constants.of(constant(Attribute.ofStrings("value_strings", List.of("a", "bc")))).orElseThrow();
    assertThat(two.dims()).containsExactly(2);
    assertThat(two.strings()).extracting(s -> new String(s, StandardCharsets.UTF_8)).containsExactly("a", "bc");
  }

  @Test
  void sparseValueIsRefused() {
    SparseTensor s = new SparseTensor(DenseTensor.ofFloats("", new long[] {1}, 5f),
        DenseTensor.vector("", 2), List.of(4L));
    Value v = constant(new Attribute.SparseTensorAttr("sparse_value", s, Unmodeled.NONE));
    assertThat(Constants.of(v)).isEmpty();
    assertThat(Constants.isStored(v)).isFalse();
  }

  @Test
  void malformedAndReferencingConstantsAreRefused() {
    assertThat(Constants.of(b.op("Constant", List.of()))).as("no value").isEmpty();
    assertThat(Constants.of(constant(new Attribute.RefAttr("value", Attribute.Type.TENSOR, "w", Unmodeled.NONE))))
        .as("reference to a function attribute").isEmpty();
    assertThat(Constants.of(b.op("Constant", List.of(), Attribute.of("value_int", 1L), Attribute.of("value_float", 1f))))
        .as("two values").isEmpty();
    assertThat(Constants.of(constant(Attribute.of("value_int", 3.0f)))).as("value_int of the wrong type").isEmpty();
  }

  @Test
  void initializerIsAConstantUnlessAlsoAnInput() {
    Value w = b.initializer("w", DenseTensor.vector("w", 4, 5));
    assertThat(Constants.of(w).orElseThrow().toLongArray()).containsExactly(4L, 5L);

    Value overridable = b.input("o", DataType.INT64, Shape.of(1));
    b.graph().addInitializer(overridable, DenseTensor.vector("o", 9));
    assertThat(Constants.of(overridable)).isEmpty();
  }

  @Test
  void computedValuesAreNotConstants() {
    Value x = b.input("x", DataType.FLOAT, Shape.of(2));
    assertThat(Constants.of(x)).isEmpty();
    assertThat(Constants.of(b.op("Relu", x))).isEmpty();
    assertThat(Constants.of(null)).isEmpty();
  }

  @Test
  void constantOfShapeWithAStoredShapeIsFilled() {
    Value shape = constant(Attribute.ofInts("value_ints", 2, 3));
    Value fill = b.op("ConstantOfShape", List.of(shape),
        Attribute.of("value", DenseTensor.ofLongs("", new long[] {1}, 7)));
    Tensor t = Constants.of(fill).orElseThrow();
    assertThat(t.dataType()).isEqualTo(DataType.INT64);
    assertThat(t.dims()).containsExactly(2, 3);
    assertThat(t.toLongArray()).containsExactly(7L, 7L, 7L, 7L, 7L, 7L);
    assertThat(Constants.isStored(fill)).as("a fill is computed, not stored").isFalse();
  }

  @Test
  void constantOfShapeDefaultsToFloatZero() {
    Value fill = b.op("ConstantOfShape", List.of(b.constant(DenseTensor.vector("s", 2))));
    Tensor t = Constants.of(fill).orElseThrow();
    assertThat(t.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(t.toFloatArray()).containsExactly(0f, 0f);
  }

  @Test
  void constantOfShapeIsNotFilledWhenTheShapeIsUnknownOrTheResultLarge() {
    Value x = b.input("x", DataType.INT64, Shape.of(2));
    assertThat(Constants.of(b.op("ConstantOfShape", x))).isEmpty();
    Value big = b.op("ConstantOfShape", b.constant(DenseTensor.vector("s", 4097)));
    assertThat(Constants.of(big)).isEmpty();
  }

  @Test
  void constantOfShapeIsNotFilledWhenItsElementCountOverflows() {
    // 4 * 2^62 = 2^64 wraps a long to 0 (it was taken for an empty fill of dims [4, 2^62]);
    // 2 * 2^62 wraps to Long.MIN_VALUE.
    assertThat(Constants.of(b.op("ConstantOfShape", b.constant(DenseTensor.vector("s", 4, 1L << 62))))).isEmpty();
    assertThat(Constants.of(b.op("ConstantOfShape", b.constant(DenseTensor.vector("t", 2, 1L << 62))))).isEmpty();
    // A real empty fill still is one.
    assertThat(Constants.of(b.op("ConstantOfShape", b.constant(DenseTensor.vector("u", 0, 3)))).orElseThrow().dims())
        .containsExactly(0, 3);
  }
}
