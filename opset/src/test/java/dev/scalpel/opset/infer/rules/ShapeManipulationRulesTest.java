package dev.scalpel.opset.infer.rules;

import static dev.scalpel.opset.infer.rules.Fixture.attr;
import static dev.scalpel.opset.infer.rules.Fixture.ints;
import static dev.scalpel.opset.infer.rules.Fixture.list;
import static dev.scalpel.opset.infer.rules.Fixture.shape;
import static dev.scalpel.opset.infer.rules.Fixture.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeManipulationRulesTest {
  @Test
  void squeezeAndUnsqueezeWithAxesAttributeBeforeThirteen() {
    Fixture f = new Fixture(11);
    Value x = f.input("x", "n", 1, 3, 1);
    Value s = f.op("Squeeze", list(x), ints("axes", 1, -1));
    Value u = f.op("Unsqueeze", list(s), ints("axes", 0, -1));
    f.infer();
    assertThat(shapeOf(s)).isEqualTo(shape("n", 3));
    assertThat(shapeOf(u)).isEqualTo(shape(1, "n", 3, 1));
  }

  @Test
  void squeezeAndUnsqueezeWithAxesInputFromThirteen() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", 1, 3, 1);
    Value s = f.op("Squeeze", x);
    Value u = f.op("Unsqueeze", s, f.ints(1));
    f.infer();
    assertThat(shapeOf(s)).isEqualTo(shape(3));
    assertThat(shapeOf(u)).isEqualTo(shape(3, 1));
  }

  @Test
  void squeezeWithoutAxesOfASymbolicDimHasNoRank() {
    Fixture f = new Fixture(13);
    Value s = f.op("Squeeze", f.input("x", "n", 1));
    f.infer();
    assertThat(shapeOf(s)).isNull();
  }

  @Test
  void flattenMultipliesBothSides() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", "n", 3, "h", 2);
    Value a = f.op("Flatten", list(x), attr("axis", 2));
    Value b = f.op("Flatten", list(x), attr("axis", 0));
    Value c = f.op("Flatten", list(x), attr("axis", -1));
    f.infer();
    assertThat(shapeOf(a)).isEqualTo(shape("3*n", "2*h"));
    assertThat(shapeOf(b)).isEqualTo(shape(1, "6*h*n"));
    assertThat(shapeOf(c)).isEqualTo(shape("3*h*n", 2));
  }

  @Test
  void concatAddsTheAxis() {
    Fixture f = new Fixture(13);
    Value y = f.op("Concat", list(f.input("a", "n", 2), f.input("b", "n", 3), f.input("c", 4, "m")), attr("axis", -1));
    Value z = f.op("Concat", list(f.input("d", "s", 2), f.input("e", "s", 2)), attr("axis", 0));
    f.infer();
    assertThat(shapeOf(y).dim(0).toString()).isEqualTo("4");
    assertThat(shapeOf(y).dim(1).toString()).isEqualTo("m+5");
    assertThat(shapeOf(z)).isEqualTo(shape("2*s", 2));
  }

  @Test
  void concatOneDefaultsToAxisOne() {
    Fixture f = new Fixture(1);
    Value y = f.op("Concat", f.input("a", 2, 2), f.input("b", 2, 3));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(2, 5));
  }

  @Test
  void splitEvenlyWithAttributeSplitBeforeThirteen() {
    Fixture f = new Fixture(11);
    Value x = f.input("x", "n", 6);
    List<Value> even = f.ops("Split", 3, list(x), attr("axis", 1));
    List<Value> given = f.ops("Split", 2, list(x), attr("axis", 1), ints("split", 2, 4));
    f.infer();
    assertThat(even).allSatisfy(v -> assertThat(shapeOf(v)).isEqualTo(shape("n", 2)));
    assertThat(shapeOf(given.get(1))).isEqualTo(shape("n", 4));
  }

  @Test
  void splitInputFromThirteenAndNumOutputsFromEighteen() {
    Fixture f13 = new Fixture(13);
    List<Value> given = f13.ops("Split", 2, list(f13.input("x", 5), f13.ints(2, 3)));
    f13.infer();
    assertThat(shapeOf(given.get(0))).isEqualTo(shape(2));
    assertThat(shapeOf(given.get(1))).isEqualTo(shape(3));

    Fixture f18 = new Fixture(18);
    List<Value> uneven = f18.ops("Split", 3, list(f18.input("x", 7)), attr("num_outputs", 3));
    List<Value> symbolic = f18.ops("Split", 2, list(f18.input("y", "t")), attr("num_outputs", 2));
    f18.infer();
    assertThat(uneven.stream().map(Fixture::shapeOf)).containsExactly(shape(3), shape(3), shape(1));
    assertThat(shapeOf(symbolic.get(0))).isEqualTo(shape("floor((t+1)/2)"));
  }

  @Test
  void splitWithRuntimeSizesGetsFreshSymbols() {
    Fixture f = new Fixture(13);
    List<Value> out = f.ops("Split", 2, list(f.input("x", 5), f.input("s", DataType.INT64, 2)));
    f.infer();
    assertThat(shapeOf(out.get(0)).dim(0)).isNotEqualTo(shapeOf(out.get(1)).dim(0));
    assertThat(shapeOf(out.get(0)).dim(0).toString()).doesNotContain("?");
  }
}
