package dev.scalpel.opset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.ValueType;
import org.junit.jupiter.api.Test;

class TypeExprTest {
  @Test
  void parsesEveryConstructor() {
    assertThat(TypeExpr.parse("tensor(float)")).isEqualTo(new TypeExpr.TensorOf(DataType.FLOAT));
    assertThat(TypeExpr.parse("seq(tensor(int64))"))
        .isEqualTo(new TypeExpr.SequenceOf(new TypeExpr.TensorOf(DataType.INT64)));
    assertThat(TypeExpr.parse("optional(seq(tensor(bool)))").toString()).isEqualTo("optional(seq(tensor(bool)))");
    assertThat(TypeExpr.parse("map(int64, tensor(float))"))
        .isEqualTo(new TypeExpr.MapOf(DataType.INT64, new TypeExpr.TensorOf(DataType.FLOAT)));
    assertThat(TypeExpr.parse("sparse_tensor(float8e4m3fn)"))
        .isEqualTo(new TypeExpr.SparseTensorOf(DataType.FLOAT8E4M3FN));
  }

  @Test
  void bareElementTypesAreTensors() {
    assertThat(TypeExpr.parse("seq(map(string, float))"))
        .isEqualTo(TypeExpr.parse("seq(map(string, tensor(float)))"));
  }

  @Test
  void typeParametersAreNotTypes() {
    assertThat(TypeExpr.tryParse("T")).isEmpty();
    assertThat(TypeExpr.tryParse("Tind")).isEmpty();
    assertThatThrownBy(() -> TypeExpr.parse("tensor(float")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TypeExpr.parse("list(float)")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromValueTypes() {
    assertThat(TypeExpr.of(ValueType.tensor(DataType.INT64, Shape.of(new long[0])))).contains(TypeExpr.parse("tensor(int64)"));
    assertThat(TypeExpr.of(new ValueType.SequenceType(ValueType.tensor(DataType.FLOAT, null), null)))
        .contains(TypeExpr.parse("seq(tensor(float))"));
    assertThat(TypeExpr.of(ValueType.tensor(DataType.UNDEFINED, null))).isEmpty();
    assertThat(TypeExpr.of(new ValueType.SequenceType(null, null))).isEmpty();
    assertThat(TypeExpr.of(new ValueType.UnspecifiedType(null))).isEmpty();
  }
}
