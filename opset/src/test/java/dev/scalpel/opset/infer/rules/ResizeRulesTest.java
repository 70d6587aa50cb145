package dev.scalpel.opset.infer.rules;

import static dev.scalpel.opset.infer.rules.Fixture.attr;
import static dev.scalpel.opset.infer.rules.Fixture.list;
import static dev.scalpel.opset.infer.rules.Fixture.shape;
import static dev.scalpel.opset.infer.rules.Fixture.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Value;
import org.junit.jupiter.api.Test;

class ResizeRulesTest {
  @Test
  void upsampleSevenReadsTheScalesAttribute() {
    Fixture f = new Fixture(7);
    Value y = f.op("Upsample", list(f.input("x", "n", 3, 4, 5)), Attribute.ofFloats("scales", 1f, 1f, 2f, 1.5f));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape("n", 3, 8, 7));
  }

  @Test
  void upsampleNineAndResizeTenReadInputOne() {
    Fixture f9 = new Fixture(9);
    Value a = f9.op("Upsample", f9.input("x", 1, 3, "h", 5), f9.floats(1f, 1f, 2f, 2f));
    f9.infer();
    assertThat(shapeOf(a)).isEqualTo(shape(1, 3, "2*h", 10));

    Fixture f10 = new Fixture(10);
    Value b = f10.op("Resize", f10.input("x", 1, 3, "h", 5), f10.floats(1f, 1f, 0.5f, 0.6f));
    f10.infer();
    assertThat(shapeOf(b)).isEqualTo(shape(1, 3, "floor(h/2)", 3));
  }

  @Test
  void aScaledSizeOf2To63OrMoreIsLeftUnknown() {
    // 3 * 2^62 (about 1.4e19) does not fit a long; the cast saturated it to 2^63 - 1, a wrong dim.
    Fixture f = new Fixture(10);
    Value y = f.op("Resize", f.input("x", 1, 3, 3, 4), f.floats(1f, 1f, 0x1p62f, 2f));
    f.infer();
    assertThat(shapeOf(y).rank()).isEqualTo(4);
    assertThat(shapeOf(y).dim(2)).isNotInstanceOf(Dim.Static.class);
    assertThat(shapeOf(y).dim(3)).isEqualTo(Dim.of(8));
  }

  @Test
  void resizeElevenWithSizesAndEmptyScales() {
    Fixture f = new Fixture(11);
    Value y = f.op("Resize", f.input("x", 1, 3, 4, 4), f.floats(), f.floats(), f.ints(1, 3, 9, 7));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(1, 3, 9, 7));
  }

  @Test
  void resizeThirteenWithOmittedRoiAndScales() {
    Fixture f = new Fixture(13);
    Value y = f.op("Resize", f.input("x", 1, 3, 4, 4), null, f.floats(1f, 1f, 3f, 3f));
    Value z = f.op("Resize", f.input("w", 1, 3, 4, 4), null, null, f.ints(1, 3, 2, 2));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(1, 3, 12, 12));
    assertThat(shapeOf(z)).isEqualTo(shape(1, 3, 2, 2));
  }

  @Test
  void scalesFromAValueFloatsConstantNode() {
    // NOTE: Constant(value_floats=[1,1,2,2]): 4x4 doubles to 8x8. Inference used to read only a
    // Constant's 'value' form as an input constant, so these scales were unknown.
    Fixture f = new Fixture(13);
    Value scales = f.op("Constant", list(), Attribute.ofFloats("value_floats", 1f, 1f, 2f, 2f));
    Value y = f.op("Resize", f.input("x", 1, 3, 4, 4), null, scales);
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(1, 3, 8, 8));
  }

  @Test
  void resizeEighteenWithAxesAndAspectPolicy() {
    Fixture f = new Fixture(18);
    Value y = f.op("Resize", list(f.input("x", 1, 3, 4, 4), null, f.floats(2f, 3f)), Fixture.ints("axes", 2, 3));
    Value z = f.op("Resize", list(f.input("w", 1, 1, 2, 2), null, null, f.ints(7, 8)),
        Fixture.ints("axes", 2, 3), attr("keep_aspect_ratio_policy", "not_larger"));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(1, 3, 8, 12));
    assertThat(shapeOf(z)).isEqualTo(shape(1, 1, 7, 7));
  }

  @Test
  void runtimeScalesGiveFreshSymbols() {
    Fixture f = new Fixture(13);
    Value y = f.op("Resize", f.input("x", 1, 3, 4, 4), null, f.input("s", DataType.FLOAT, 4));
    f.infer();
    assertThat(shapeOf(y).rank()).isEqualTo(4);
    assertThat(shapeOf(y).dims()).allSatisfy(d -> assertThat(d).isInstanceOf(Dim.Symbolic.class));
  }
}
