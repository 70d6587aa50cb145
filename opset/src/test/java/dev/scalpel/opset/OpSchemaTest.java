package dev.scalpel.opset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.opset.FormalParameter.Arity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpSchemaTest {
  @Test
  void boundsFollowFromParametersWhenNotGiven() {
    OpSchema s = OpSchema.builder(new OpId("x", "Op"), 1)
        .input(new FormalParameter("a", "T", Arity.SINGLE, true, 1))
        .input(new FormalParameter("b", "T", Arity.OPTIONAL, true, 1))
        .input(new FormalParameter("rest", "T", Arity.VARIADIC, true, 2))
        .output(new FormalParameter("y", "T", Arity.SINGLE, true, 1))
        .build();
    assertThat(s.minInput()).isEqualTo(4);
    assertThat(s.maxInput()).isEqualTo(Integer.MAX_VALUE);
    assertThat(s.minOutput()).isEqualTo(1);
    assertThat(s.maxOutput()).isEqualTo(1);
    assertThat(s.inputAt(7).map(FormalParameter::name)).contains("rest");
    assertThat(s.outputAt(1)).isEmpty();
  }

  @Test
  void invariantsAreChecked() {
    assertThatThrownBy(() -> new AttributeSpec("a", Attribute.Type.INT, true, Optional.of(Attribute.of("a", 1L))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AttributeSpec("a", Attribute.Type.FLOAT, false, Optional.of(Attribute.of("a", 1L))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpSchema.builder(OpId.onnx("Op"), 1).bounds(2, 1, 0, 0).build())
        .isInstanceOf(IllegalArgumentException.class);
    OpSchema.Builder b = OpSchema.builder(OpId.onnx("Op"), 1).typeConstraint(TypeConstraint.of("T", List.of("tensor(float)")));
    assertThatThrownBy(() -> b.typeConstraint(TypeConstraint.of("T", List.of()))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void registryRejectsDuplicatesAndNormalisesDomains() {
    OpSchema a = OpSchema.builder(OpId.onnx("Op"), 3).build();
    assertThatThrownBy(() -> SchemaRegistry.of("t", List.of(a, OpSchema.builder(new OpId("ai.onnx", "Op"), 3).build())))
        .isInstanceOf(IllegalArgumentException.class);
    SchemaRegistry r = SchemaRegistry.of("t", List.of(a));
    assertThat(r.lookup(new OpId("ai.onnx", "Op"), 5)).contains(a);
    assertThat(r.lookup(OpId.onnx("Op"), 2)).isEmpty();
    assertThat(r.domains()).containsExactly("");
  }
}
