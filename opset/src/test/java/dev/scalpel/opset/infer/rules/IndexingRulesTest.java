package dev.scalpel.opset.infer.rules;

import static dev.scalpel.opset.infer.rules.Fixture.attr;
import static dev.scalpel.opset.infer.rules.Fixture.list;
import static dev.scalpel.opset.infer.rules.Fixture.shape;
import static dev.scalpel.opset.infer.rules.Fixture.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Value;
import org.junit.jupiter.api.Test;

class IndexingRulesTest {
  @Test
  void gatherReplacesTheAxisByTheIndicesShape() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", "batch", 5, 7);
    Value idx = f.input("i", DataType.INT64, 2, 3);
    Value y = f.op("Gather", list(x, idx), attr("axis", 1));
    Value z = f.op("Gather", list(x, f.scalar(0)), attr("axis", -1));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape("batch", 2, 3, 7));
    assertThat(shapeOf(z)).isEqualTo(shape("batch", 5));
    assertThat(y.dataType()).contains(DataType.FLOAT);
  }

  @Test
  void gatherElementsHasTheIndicesShape() {
    Fixture f = new Fixture(13);
    Value y = f.op("GatherElements", list(f.input("x", "n", 4), f.input("i", DataType.INT64, "n", 2)), attr("axis", 1));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape("n", 2));
  }

  @Test
  void gatherNdKeepsIndicesBatchAndDataTail() {
    Fixture f = new Fixture(13);
    Value data = f.input("d", "b", 4, 5, 6);
    Value y = f.op("GatherND", list(data, f.input("i", DataType.INT64, "b", 3, 2)), attr("batch_dims", 1));
    Value z = f.op("GatherND", list(f.input("e", 2, 2), f.input("j", DataType.INT64, 2, 2)));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape("b", 3, 6));
    assertThat(shapeOf(z)).isEqualTo(shape(2));
  }

  @Test
  void scattersKeepTheDataShape() {
    Fixture f = new Fixture(11);
    Value data = f.input("d", "n", 3);
    Value idx = f.input("i", DataType.INT64, 1, 3);
    Value upd = f.input("u", 1, 3);
    Value a = f.op("ScatterElements", data, idx, upd);
    Value b = f.op("ScatterND", data, f.input("j", DataType.INT64, 1, 1), upd);
    f.infer();
    assertThat(shapeOf(a)).isEqualTo(shape("n", 3));
    assertThat(shapeOf(b)).isEqualTo(shape("n", 3));
  }

  @Test
  void scatterAtOpset9() {
    Fixture f = new Fixture(9);
    Value y = f.op("Scatter", f.input("d", 3, 3), f.input("i", DataType.INT64, 2, 3), f.input("u", 2, 3));
    f.infer();
    assertThat(shapeOf(y)).isEqualTo(shape(3, 3));
  }
}
