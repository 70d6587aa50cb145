package dev.scalpel.opset.infer.rules;

import static dev.scalpel.opset.infer.rules.Fixture.attr;
import static dev.scalpel.opset.infer.rules.Fixture.ints;
import static dev.scalpel.opset.infer.rules.Fixture.list;
import static dev.scalpel.opset.infer.rules.Fixture.shape;
import static dev.scalpel.opset.infer.rules.Fixture.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Value;
import org.junit.jupiter.api.Test;

class LayoutRulesTest {
  @Test
  void transposeByPermOrReversed() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", "n", 3, "h", 5);
    Value a = f.op("Transpose", list(x), ints("perm", 0, 2, 3, 1));
    Value b = f.op("Transpose", x);
    f.infer();
    assertThat(shapeOf(a)).isEqualTo(shape("n", "h", 5, 3));
    assertThat(shapeOf(b)).isEqualTo(shape(5, "h", 3, "n"));
  }

  @Test
  void depthToSpaceAndBack() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", "n", 8, "h", 3);
    Value d = f.op("DepthToSpace", list(x), attr("blocksize", 2), attr("mode", "CRD"));
    Value s = f.op("SpaceToDepth", list(d), attr("blocksize", 2));
    f.infer();
    assertThat(shapeOf(d)).isEqualTo(shape("n", 2, "2*h", 6));
    assertThat(shapeOf(s)).isEqualTo(shape("n", 8, "h", 3));
  }

  @Test
  void gridSampleTakesTheGridSize() {
    Fixture f = new Fixture(16);
    Value y = f.op("GridSample", f.input("x", "n", 3, 10, 10), f.input("g", "n", 5, 6, 2));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape("n", 3, 5, 6));
  }

  @Test
  void affineGridTakesTheSpatialDimsOfAConstantSize() {
    Fixture f = new Fixture(20);
    Value grid2d = f.op("AffineGrid", f.input("theta", "n", 2, 3), f.ints(2, 3, 5, 6));
    Value grid3d = f.op("AffineGrid", f.input("theta3", 2, 3, 4), f.ints(2, 3, 4, 5, 6));
    f.infer();
    assertThat(shapeOf(grid2d)).isEqualTo(shape(2, 5, 6, 2));
    assertThat(shapeOf(grid3d)).isEqualTo(shape(2, 4, 5, 6, 3));
  }

  @Test
  void affineGridWithAnUnknownSizeKnowsItsRankFromTheSizeLength() {
    Fixture f = new Fixture(20);
    Value grid = f.op("AffineGrid", f.input("theta", "n", 2, 3), f.input("size", dev.scalpel.graph.DataType.INT64, 4));
    f.infer();
    assertThat(shapeOf(grid).rank()).isEqualTo(4);
    assertThat(shapeOf(grid).dim(0)).isEqualTo(shape("n").dim(0));
    assertThat(shapeOf(grid).dim(3)).isEqualTo(shape(2).dim(0));
  }

  @Test
  void col2ImRebuildsTheImage() {
    Fixture f = new Fixture(18);
    Value y = f.op("Col2Im", f.input("x", 1, 5, 25), f.ints(5, 5), f.ints(1, 5));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(1, 1, 5, 5));
  }

  @Test
  void col2ImLeavesCUnknownWhenTheBlockSizeOverflows() {
    // prod([2^62 + 1, 4]) = 2^64 + 4 wraps to 4: unchecked, C was inferred as 8 / 4 = 2, a wrong dim.
    Fixture f = new Fixture(18);
    Value y = f.op("Col2Im", f.input("x", 1, 8, 4), f.ints(4, 4), f.ints((1L << 62) + 1, 4));
    f.infer();
    assertThat(shapeOf(y).rank()).isEqualTo(4);
    assertThat(shapeOf(y).dim(1)).isNotInstanceOf(Dim.Static.class);
    assertThat(shapeOf(y).dims().subList(2, 4)).containsExactly(Dim.of(4), Dim.of(4));
  }
}
