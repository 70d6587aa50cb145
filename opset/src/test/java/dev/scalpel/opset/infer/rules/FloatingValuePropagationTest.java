package dev.scalpel.opset.infer.rules;

import static dev.scalpel.opset.infer.rules.Fixture.attr;
import static dev.scalpel.opset.infer.rules.Fixture.list;
import static dev.scalpel.opset.infer.rules.Fixture.shape;
import static dev.scalpel.opset.infer.rules.Fixture.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import org.junit.jupiter.api.Test;

/**
 * Values carried through Neg, ConstantOfShape, Cast into float and back, and the real arithmetic
 * of whole-number floating values: sizes computed in float for Range, as window functions'
 * bodies and Range's expansion compute them.
 */
class FloatingValuePropagationTest {
  private static Attribute to(DataType t) {
    return attr("to", t.code());
  }

  private static Value floatScalar(Fixture f, float v) {
    return f.g.constant(DenseTensor.ofFloats("f", new long[0], v));
  }

  @Test
  void aSizeCastToFloatGivesAnExactRangeLength() {
    Fixture f = new Fixture(17);
    Value size = f.op("Cast", list(f.scalar(10)), to(DataType.FLOAT));
    Value symmetric = f.op("Sub", size, floatScalar(f, 1f));
    Value periodic = f.op("Range", floatScalar(f, 0f), size, floatScalar(f, 1f));
    Value shorter = f.op("Range", floatScalar(f, 0f), symmetric, floatScalar(f, 2f));
    f.infer();
    assertThat(shapeOf(periodic)).isEqualTo(shape(10));
    assertThat(shapeOf(shorter)).isEqualTo(shape(5));
  }

  @Test
  void aSymbolicSizeCastToFloatStaysSymbolic() {
    Fixture f = new Fixture(17);
    Value x = f.input("x", "n", 4);
    Value n = f.op("Cast", list(f.op("Gather", list(f.op("Shape", x), f.scalar(0)), attr("axis", 0))),
        to(DataType.FLOAT));
    Value doubled = f.op("Mul", n, floatScalar(f, 2f));
    Value y = f.op("Range", floatScalar(f, 0f), doubled, floatScalar(f, 1f));
    Value half = f.op("Div", n, floatScalar(f, 2f));
    Value z = f.op("Range", floatScalar(f, 0f), half, floatScalar(f, 1f));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape("2*n"));
    // NOTE: n/2 is not a whole number for odd n: the length is a fresh symbol, not floor(n/2).
    assertThat(shapeOf(z).dim(0)).isInstanceOf(dev.scalpel.graph.Dim.Symbolic.class);
    assertThat(shapeOf(z).dim(0).toString()).endsWith("_len");
  }

  @Test
  void floatingDivisionIsKeptOnlyWhenExactAndComesBackToIntegersThroughCast() {
    Fixture f = new Fixture(17);
    Value exact = f.op("Div", f.floats(12f, 7f), floatScalar(f, 2f));
    Value back = f.op("Cast", list(exact), to(DataType.INT64));
    Value y = f.op("ConstantOfShape", back);
    Value rounded = f.op("Cast", list(f.op("Ceil", exact)), to(DataType.INT64));
    Value z = f.op("Reshape", f.input("x", 6, 7), rounded);
    f.infer();
    // NOTE: 7/2 is not whole: the second dim is unknown, never 3 (integer truncation).
    assertThat(shapeOf(y).rank()).isEqualTo(2);
    assertThat(shapeOf(y).dim(0)).isEqualTo(shape(6).dim(0));
    assertThat(shapeOf(y).dim(1)).isInstanceOf(dev.scalpel.graph.Dim.Unknown.class);
    assertThat(shapeOf(z).rank()).isEqualTo(2);
    assertThat(shapeOf(z).dim(1)).isNotEqualTo(shape(3).dim(0));
  }

  @Test
  void integerDivisionStillTruncatesTowardZero() {
    Fixture f = new Fixture(17);
    Value q = f.op("Neg", f.op("Div", f.op("Neg", f.ints(7)), f.scalar(2)));
    Value y = f.op("ConstantOfShape", q);
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(3));
  }

  @Test
  void negAndConstantOfShapeValuesBuildALayerNormStatisticsShape() {
    Fixture f = new Fixture(17);
    Value x = f.input("x", "b", "s", 16);
    Value xShape = f.op("Shape", x);
    Value axis = f.ints(-1);
    Value prefix = f.op("Slice", xShape, f.ints(0), axis);
    Value ones = f.op("ConstantOfShape", list(f.op("Neg", axis)),
        Attribute.of("value", DenseTensor.ofLongs("one", new long[] {1}, 1)));
    Value reduced = f.op("Concat", list(prefix, ones), attr("axis", 0));
    Value mean = f.op("Reshape", f.input("m", "b*s", 1), reduced);
    f.infer();
    assertThat(shapeOf(mean)).isEqualTo(shape("b", "s", 1));
  }

  @Test
  void castToBoolKnowsConstantsOnly() {
    Fixture f = new Fixture(17);
    Value x = f.input("x", "n");
    Value n = f.op("Gather", list(f.op("Shape", x), f.ints(0)), attr("axis", 0));
    Value flags = f.op("Cast", list(f.op("Concat", list(f.ints(0, 5), n), attr("axis", 0))), to(DataType.BOOL));
    Value asInts = f.op("Cast", list(flags), to(DataType.INT64));
    Value y = f.op("ConstantOfShape", f.op("Concat", list(f.ints(2, 3), asInts), attr("axis", 0)));
    f.infer();
    assertThat(shapeOf(y).rank()).isEqualTo(5);
    assertThat(shapeOf(y).dims().subList(0, 4)).isEqualTo(shape(2, 3, 0, 1).dims());
    assertThat(shapeOf(y).dim(4)).isInstanceOf(dev.scalpel.graph.Dim.Unknown.class);
  }
}
