package dev.scalpel.opset.infer.rules;

import static dev.scalpel.opset.infer.rules.Fixture.attr;
import static dev.scalpel.opset.infer.rules.Fixture.list;
import static dev.scalpel.opset.infer.rules.Fixture.shape;
import static dev.scalpel.opset.infer.rules.Fixture.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operators of opsets 24 to 27 that have no function body: TensorScatter, CumProd, BitCast, CausalConvWithState. */
class RecentOperatorRulesTest {
  @Test
  void tensorScatterGivesTheCacheShape() {
    Fixture f = new Fixture(24);
    Value present = f.op("TensorScatter", f.input("past", "b", 8, "max", 64), f.input("update", "b", 8, "s", 64),
        f.input("idx", DataType.INT64, "b"));
    Value fixed = f.op("TensorScatter", f.input("p", 2, 16, 4), f.input("u", 2, 1, 4));
    f.infer();
    assertThat(shapeOf(present)).isEqualTo(shape("b", 8, "max", 64));
    assertThat(shapeOf(fixed)).isEqualTo(shape(2, 16, 4));
  }

  @Test
  void cumProdKeepsTypeAndShape() {
    Fixture f = new Fixture(26);
    Value y = f.op("CumProd", f.input("x", DataType.INT32, "n", 3), f.scalar(1));
    f.infer();
    assertThat(y.type()).isEqualTo(ValueType.tensor(DataType.INT32, shape("n", 3)));
  }

  @Test
  void bitCastKeepsTheShapeWithTheNewType() {
    Fixture f = new Fixture(26);
    Value y = f.op("BitCast", list(f.input("x", "n", 4)), attr("to", DataType.INT32.code()));
    Value z = f.op("BitCast", list(f.input("h", DataType.FLOAT16, 2, 3)), attr("to", DataType.BFLOAT16.code()));
    f.infer();
    assertThat(y.type()).isEqualTo(ValueType.tensor(DataType.INT32, shape("n", 4)));
    assertThat(z.type()).isEqualTo(ValueType.tensor(DataType.BFLOAT16, shape(2, 3)));
  }

  @Test
  void causalConvWithStateKeepsKernelMinusOnePositions() {
    Fixture f = new Fixture(27);
    List<Value> out = f.ops("CausalConvWithState", 2, list(f.input("x", "b", 16, "t"), f.input("w", 16, 1, 4)));
    List<Value> symbolic = f.ops("CausalConvWithState", 2, list(f.input("y", 1, "c", 5), f.input("v", "c", 1, "k")));
    f.infer();
    assertThat(shapeOf(out.get(0))).isEqualTo(shape("b", 16, "t"));
    assertThat(shapeOf(out.get(1))).isEqualTo(shape("b", 16, 3));
    assertThat(shapeOf(symbolic.get(1))).isEqualTo(shape(1, "c", "k-1"));
  }
}
