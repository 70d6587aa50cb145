package dev.scalpel.opset.infer.rules;

import static dev.scalpel.opset.infer.rules.Fixture.attr;
import static dev.scalpel.opset.infer.rules.Fixture.list;
import static dev.scalpel.opset.infer.rules.Fixture.shape;
import static dev.scalpel.opset.infer.rules.Fixture.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import org.junit.jupiter.api.Test;

class GenerationRulesTest {
  @Test
  void rangeOfConstants() {
    Fixture f = new Fixture(11);
    Value a = f.op("Range", f.scalar(10), f.scalar(4), f.scalar(-3));
    Value b = f.op("Range", f.scalar(0), f.scalar(-5), f.scalar(1));
    Value c = f.op("Range", f.g.constant(DenseTensor.ofFloats("s", new long[0], 1f)),
        f.g.constant(DenseTensor.ofFloats("l", new long[0], 2f)), f.g.constant(DenseTensor.ofFloats("d", new long[0], 0.3f)));
    f.infer();
    assertThat(shapeOf(a)).isEqualTo(shape(2));
    assertThat(shapeOf(b)).isEqualTo(shape(0));
    assertThat(shapeOf(c)).isEqualTo(shape(4));
  }

  @Test
  void rangeToASymbolicLimitAndToARuntimeOne() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", "t", 4);
    Value t = f.op("Gather", f.op("Shape", x), f.scalar(0));
    Value a = f.op("Range", f.scalar(0), t, f.scalar(2));
    Value b = f.op("Range", f.scalar(0), f.input("n", DataType.INT64), f.scalar(1));
    f.infer();
    assertThat(shapeOf(a)).isEqualTo(shape("floor((t+1)/2)"));
    assertThat(shapeOf(b).dim(0)).isInstanceOf(Dim.Symbolic.class);
  }

  @Test
  void eyeLikeKeepsTheShapeAndTakesDtype() {
    Fixture f = new Fixture(9);
    Value y = f.op("EyeLike", list(f.input("x", "n", 4)), attr("dtype", DataType.INT32.code()));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape("n", 4));
    assertThat(y.dataType()).contains(DataType.INT32);
  }

  @Test
  void oneHotInsertsTheDepth() {
    Fixture f = new Fixture(11);
    Value idx = f.input("i", DataType.INT64, "n", 3);
    Value values = f.g.constant(DenseTensor.ofFloats("v", new long[] {2}, 0f, 1f));
    Value a = f.op("OneHot", list(idx, f.scalar(10), values), attr("axis", 1));
    Value b = f.op("OneHot", idx, f.input("d", DataType.INT64), values);
    f.infer();
    assertThat(shapeOf(a)).isEqualTo(shape("n", 10, 3));
    assertThat(shapeOf(b).dim(2)).isInstanceOf(Dim.Symbolic.class);
  }
}
