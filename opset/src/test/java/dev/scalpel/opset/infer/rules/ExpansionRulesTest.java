package dev.scalpel.opset.infer.rules;

import static dev.scalpel.opset.infer.rules.Fixture.attr;
import static dev.scalpel.opset.infer.rules.Fixture.ints;
import static dev.scalpel.opset.infer.rules.Fixture.list;
import static dev.scalpel.opset.infer.rules.Fixture.shape;
import static dev.scalpel.opset.infer.rules.Fixture.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Value;
import org.junit.jupiter.api.Test;

class ExpansionRulesTest {
  @Test
  void expandBroadcastsToTheTarget() {
    Fixture f = new Fixture(13);
    Value y = f.op("Expand", f.input("x", 3, 1), f.ints(2, 1, 6));
    Value z = f.op("Expand", f.input("s", "n", 1), f.ints(1, 4));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(2, 3, 6));
    assertThat(shapeOf(z)).isEqualTo(shape("n", 4));
  }

  @Test
  void expandToARuntimeTargetKnowsTheRank() {
    Fixture f = new Fixture(8);
    Value y = f.op("Expand", f.input("x", 3, 1), f.input("t", DataType.INT64, 3));
    f.infer();
    assertThat(shapeOf(y).rank()).isEqualTo(3);
    assertThat(shapeOf(y).dim(1)).isEqualTo(Dim.of(3L));
  }

  @Test
  void tileMultipliesDims() {
    Fixture f = new Fixture(13);
    Value y = f.op("Tile", f.input("x", "n", 3), f.ints(2, 2));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape("2*n", 6));
  }

  @Test
  void tileOneRepeatsAlongOneAxis() {
    Fixture f = new Fixture(1);
    Value y = f.op("Tile", f.input("x", 2, 3), f.scalar(4), f.scalar(1));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(2, 12));
  }

  @Test
  void padAttributeBeforeElevenInputAfter() {
    Fixture f2 = new Fixture(2);
    Value a = f2.op("Pad", list(f2.input("x", "n", 3)), ints("pads", 0, 1, 0, 2));
    f2.infer();
    assertThat(shapeOf(a)).isEqualTo(shape("n", 6));

    Fixture f1 = new Fixture(1);
    Value b = f1.op("Pad", list(f1.input("x", 2, 3)), ints("paddings", 1, 1, 1, 1));
    f1.infer();
    assertThat(shapeOf(b)).isEqualTo(shape(4, 5));

    Fixture f11 = new Fixture(11);
    Value c = f11.op("Pad", list(f11.input("x", "h", 3), f11.ints(1, 0, 1, 0)), attr("mode", "reflect"));
    f11.infer();
    assertThat(shapeOf(c)).isEqualTo(shape("h+2", 3));
  }

  @Test
  void padAxesFromEighteen() {
    Fixture f = new Fixture(18);
    Value y = f.op("Pad", f.input("x", 1, 3, "h", "w"), f.ints(1, 2, 1, 2), null, f.ints(-2, -1));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(1, 3, "h+2", "w+4"));
  }

  @Test
  void centerCropPadTakesTheTargetShape() {
    Fixture f = new Fixture(18);
    Value y = f.op("CenterCropPad", list(f.input("x", 10, 7, 3), f.ints(20, 10)), ints("axes", 0, 1));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(20, 10, 3));
  }
}
