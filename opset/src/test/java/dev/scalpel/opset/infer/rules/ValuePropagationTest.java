package dev.scalpel.opset.infer.rules;

import static dev.scalpel.opset.infer.rules.Fixture.attr;
import static dev.scalpel.opset.infer.rules.Fixture.ints;
import static dev.scalpel.opset.infer.rules.Fixture.list;
import static dev.scalpel.opset.infer.rules.Fixture.shape;
import static dev.scalpel.opset.infer.rules.Fixture.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Value;
import org.junit.jupiter.api.Test;

/** Shape computations that exporters emit, folded into exact (symbolic) shapes. */
class ValuePropagationTest {
  @Test
  void flattenIdiomAtOpsetThirteen() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", "batch", 3, 8, 8);
    Value batch = f.op("Gather", list(f.op("Shape", x), f.scalar(0)), attr("axis", 0));
    Value target = f.op("Concat", list(f.op("Unsqueeze", batch, f.ints(0)), f.ints(-1)), attr("axis", 0));
    Value y = f.op("Reshape", x, target);
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape("batch", 192));
  }

  @Test
  void flattenIdiomAtOpsetElevenWithAxesAttribute() {
    Fixture f = new Fixture(11);
    Value x = f.input("x", "batch", 3, 8, 8);
    Value batch = f.op("Gather", f.op("Shape", x), f.scalar(0));
    Value target = f.op("Concat", list(f.op("Unsqueeze", list(batch), ints("axes", 0)), f.ints(-1)), attr("axis", 0));
    Value y = f.op("Reshape", x, target);
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape("batch", 192));
  }

  @Test
  void sliceGatherWithNegativeIndicesAndSqueeze() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", "b", "s", 12);
    Value s = f.op("Shape", x);
    Value head = f.op("Slice", s, f.ints(0), f.ints(2), null, null);
    Value last = f.op("Squeeze", f.op("Slice", s, f.ints(-1), f.ints(Long.MAX_VALUE), null, null), f.ints(0));
    Value lastGathered = f.op("Gather", s, f.ints(-1));
    Value heads = f.op("Div", last, f.scalar(4));
    Value target = f.op("Concat", list(head, f.ints(4), f.op("Unsqueeze", heads, f.ints(0))), attr("axis", 0));
    Value y = f.op("Reshape", x, target);
    Value z = f.op("Reshape", x, f.op("Concat", list(f.ints(-1), lastGathered), attr("axis", 0)));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape("b", "s", 4, 3));
    assertThat(shapeOf(z)).isEqualTo(shape("b*s", 12));
  }

  @Test
  void concatWithARuntimePartKeepsTheKnownElements() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", "n", 3, 10, 10);
    Value runtime = f.input("hw", dev.scalpel.graph.DataType.INT64, 2);
    Value sizes = f.op("Concat", list(f.op("Slice", f.op("Shape", x), f.ints(0), f.ints(2), null, null), runtime),
        attr("axis", 0));
    Value y = f.op("Resize", x, null, null, sizes);
    f.infer();
    assertThat(shapeOf(y).dim(0)).isEqualTo(shape("n").dim(0));
    assertThat(shapeOf(y).dim(1)).isEqualTo(shape(3).dim(0));
    assertThat(shapeOf(y).rank()).isEqualTo(4);
  }

  @Test
  void rangeTileAndExpandOfSmallVectors() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", "n", 2, 3);
    Value dims = f.op("Range", f.scalar(1), f.scalar(3), f.scalar(1));
    Value kept = f.op("Gather", f.op("Shape", x), dims);
    Value twice = f.op("Tile", f.op("Slice", kept, f.ints(0), f.ints(1), null, null), f.ints(2));
    Value ones = f.op("Expand", f.ints(1), f.ints(2));
    Value a = f.op("Reshape", x, f.op("Concat", list(f.ints(-1), kept), attr("axis", 0)));
    Value b = f.op("ConstantOfShape", twice);
    Value c = f.op("ConstantOfShape", ones);
    f.infer();
    assertThat(shapeOf(a)).isEqualTo(shape("n", 2, 3));
    assertThat(shapeOf(b)).isEqualTo(shape(2, 2));
    assertThat(shapeOf(c)).isEqualTo(shape(1, 1));
  }

  @Test
  void opsetNineSliceOfAShapeWithAttributes() {
    Fixture f = new Fixture(9);
    Value x = f.input("x", "n", "c", 7);
    Value tail = f.op("Slice", list(f.op("Shape", x)), ints("starts", 1), ints("ends", 3), ints("axes", 0));
    Value y = f.op("Reshape", x, f.op("Concat", list(f.ints(-1), tail), attr("axis", 0)));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape("n", "c", 7));
  }

  @Test
  void whereOfEqualPicksShapeDimsForZeros() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", "n", 3, 4);
    Value target = f.ints(0, -1);
    Value picked = f.op("Where", f.op("Equal", target, f.scalar(0)), f.op("Slice", f.op("Shape", x), f.ints(0),
        f.ints(2), null, null), target);
    Value y = f.op("Reshape", x, picked);
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape("n", 12));
  }

  @Test
  void viewMinusOneResolutionComparesSizesWithMinusOne() {
    // NOTE: the legacy exporter resolves expand(-1) as Where(Equal(shape, -1), 1, shape); sizes are
    // never -1, so the Where passes the shape through and Expand gets an exact target.
    Fixture f = new Fixture(14);
    Value x = f.input("x", "batch", "seq");
    Value y = f.input("y", 1, "seq");
    Value s = f.op("Shape", x);
    Value isMinusOne = f.op("Equal", s, f.ints(-1, -1));
    Value target = f.op("Where", isMinusOne, f.ints(1, 1), s);
    Value e = f.op("Expand", y, target);
    Value shifted = f.op("Equal", f.op("Sub", s, f.ints(1, 1)), f.ints(-1, -1));
    Value out = f.op("Where", shifted, f.ints(1, 1), s);
    Value z = f.op("Expand", y, out);
    f.infer();
    assertThat(shapeOf(e)).isEqualTo(shape("batch", "seq"));
    assertThat(shapeOf(z).dim(0)).as("batch-1 may be -1: nothing proved").isNotEqualTo(shape("batch").dim(0));
  }
}
