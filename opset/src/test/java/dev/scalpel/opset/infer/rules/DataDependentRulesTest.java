package dev.scalpel.opset.infer.rules;

import static dev.scalpel.opset.infer.rules.Fixture.attr;
import static dev.scalpel.opset.infer.rules.Fixture.list;
import static dev.scalpel.opset.infer.rules.Fixture.shape;
import static dev.scalpel.opset.infer.rules.Fixture.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataDependentRulesTest {
  @Test
  void nonZeroHasRankRowsAndAFreshCount() {
    Fixture f = new Fixture(13);
    Value y = f.op("NonZero", f.input("x", "n", 3));
    f.infer();
    assertThat(shapeOf(y).dim(0)).isEqualTo(Dim.of(2L));
    assertThat(shapeOf(y).dim(1)).isInstanceOf(Dim.Symbolic.class);
    assertThat(y.dataType()).contains(DataType.INT64);
  }

  @Test
  void nonZeroOfAConstantCounts() {
    Fixture f = new Fixture(13);
    Value y = f.op("NonZero", f.ints(0, 3, 0, 4));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(1, 2));
  }

  @Test
  void topKTakesKFromTheAttributeBeforeTenAndTheInputAfter() {
    Fixture f1 = new Fixture(1);
    List<Value> a = f1.ops("TopK", 2, list(f1.input("x", "n", 10)), attr("k", 3));
    f1.infer();
    assertThat(shapeOf(a.get(0))).isEqualTo(shape("n", 3));
    assertThat(a.get(1).dataType()).contains(DataType.INT64);

    Fixture f11 = new Fixture(11);
    List<Value> b = f11.ops("TopK", 2, list(f11.input("x", "n", 10), f11.ints(4)), attr("axis", 0));
    List<Value> c = f11.ops("TopK", 2, list(f11.input("y", 10), f11.input("k", DataType.INT64, 1)));
    f11.infer();
    assertThat(shapeOf(b.get(1))).isEqualTo(shape(4, 10));
    assertThat(shapeOf(c.get(0)).dim(0)).isInstanceOf(Dim.Symbolic.class);
  }

  @Test
  void uniqueGetsOneFreshCount() {
    Fixture f = new Fixture(11);
    List<Value> out = f.ops("Unique", 4, list(f.input("x", "n", 3)));
    f.infer();
    Dim count = shapeOf(out.get(0)).dim(0);
    assertThat(count).isInstanceOf(Dim.Symbolic.class);
    assertThat(shapeOf(out.get(1)).dim(0)).isEqualTo(count);
    assertThat(shapeOf(out.get(2))).isEqualTo(shape("3*n"));
  }

  @Test
  void compressCountsAConstantCondition() {
    Fixture f = new Fixture(11);
    Value cond = f.g.constant(dev.scalpel.graph.tensor.DenseTensor.wrap("c", DataType.BOOL, new long[] {3},
        java.nio.ByteBuffer.wrap(new byte[] {0, 1, 1})));
    Value a = f.op("Compress", list(f.input("x", 3, 2), cond), attr("axis", 0));
    Value b = f.op("Compress", f.input("y", "n", 2), f.input("d", DataType.BOOL, "n"));
    f.infer();
    assertThat(shapeOf(a)).isEqualTo(shape(2, 2));
    assertThat(shapeOf(b).rank()).isEqualTo(1);
    assertThat(shapeOf(b).dim(0)).isInstanceOf(Dim.Symbolic.class);
  }
}
