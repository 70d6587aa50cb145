package dev.scalpel.opset.infer.rules;

import static dev.scalpel.opset.infer.rules.Fixture.shape;
import static dev.scalpel.opset.infer.rules.Fixture.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shapes and types of the ai.onnx.ml operators with rules, as ONNX's schemas infer them. */
class TraditionalMlRulesTest {
  private static DataType typeOf(Value v) {
    return ((ValueType.TensorType) v.type()).elementType();
  }

  private static Fixture ml() {
    return new Fixture(21);
  }

  /** Emits an ai.onnx.ml node of {@code version}. */
  private static Value op(Fixture f, int version, String opType, List<Value> inputs, Attribute... attributes) {
    return f.g.domain("ai.onnx.ml", version).op(opType, inputs, attributes);
  }

  @Test
  void binarizerKeepsTypeAndShape() {
    Fixture f = ml();
    int v = 1;
    Value y = op(f, v, "Binarizer", List.of(f.input("x", 3, "n")), Attribute.of("threshold", 1f));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(3, "n"));
    assertThat(typeOf(y)).isEqualTo(DataType.FLOAT);
  }

  @Test
  void labelEncoderTakesTheTypeOfItsValues() {
    Fixture f = ml();
    int v = 4;
    Value x = f.input("x", DataType.STRING, 2, 5);
    Value ints = op(f, v, "LabelEncoder", List.of(x), Attribute.ofStrings("keys_strings", List.of("a", "b")),
        Attribute.ofInts("values_int64s", 1, 2));
    Value tensor = op(f, v, "LabelEncoder", List.of(x), Attribute.ofStrings("keys_strings", List.of("a")),
        Attribute.of("values_tensor", DenseTensor.vector("v", 7L)));
    f.infer();
    assertThat(shapeOf(ints)).isEqualTo(shape(2, 5));
    assertThat(typeOf(ints)).isEqualTo(DataType.INT64);
    assertThat(typeOf(tensor)).isEqualTo(DataType.INT64);
  }

  @Test
  void arrayFeatureExtractorReplacesTheLastDimByTheIndexCount() {
    Fixture f = ml();
    int v = 1;
    Value z = op(f, v, "ArrayFeatureExtractor", List.of(f.input("x", "n", 4), f.input("i", DataType.INT64, 2)));
    f.infer();
    assertThat(shapeOf(z)).isEqualTo(shape("n", 2));
  }

  @Test
  void treeEnsembleGivesBatchByTargets() {
    Fixture f = ml();
    int v = 5;
    Value y = op(f, v, "TreeEnsemble", List.of(f.input("x", "n", 3)), Attribute.of("n_targets", 2L));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape("n", 2));
    assertThat(typeOf(y)).isEqualTo(DataType.FLOAT);
  }
}
