package dev.scalpel.opset.infer.rules;

import static dev.scalpel.opset.infer.rules.Fixture.shape;
import static dev.scalpel.opset.infer.rules.Fixture.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.opset.infer.ShapeInference;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training optimizers: each new tensor is typed like the one it updates. */
class TrainingRulesTest {
  private static List<Value> optimizer(Fixture f, String op, int outputs, Value... inputs) {
    GraphBuilder training = f.g.domain(TrainingRules.DOMAIN, 1);
    return training.ops(op, outputs, List.of(inputs));
  }

  @Test
  void adagradUpdatesTwoTensorsAndTheirHistories() {
    Fixture f = new Fixture(17);
    Value r = f.input("r");
    Value t = f.input("t", DataType.INT64);
    Value x1 = f.input("x1", 3, "n");
    Value x2 = f.input("x2", 7);
    List<Value> out = optimizer(f, "Adagrad", 4, r, t, x1, x2, f.input("g1", 3, "n"), f.input("g2", 7),
        f.input("h1", 3, "n"), f.input("h2", DataType.DOUBLE, 7));
    f.infer();
    assertThat(shapeOf(out.get(0))).isEqualTo(shape(3, "n"));
    assertThat(shapeOf(out.get(1))).isEqualTo(shape(7));
    assertThat(shapeOf(out.get(2))).isEqualTo(shape(3, "n"));
    assertThat(out.get(3).type()).isEqualTo(ValueType.tensor(DataType.DOUBLE, shape(7)));
  }

  @Test
  void momentumGivesNewValuesAndVelocities() {
    Fixture f = new Fixture(17);
    List<Value> out = optimizer(f, "Momentum", 2, f.input("r"), f.input("t", DataType.INT64), f.input("x", "a", 2),
        f.input("g", "a", 2), f.input("v", "a", 2));
    f.infer();
    assertThat(shapeOf(out.get(0))).isEqualTo(shape("a", 2));
    assertThat(shapeOf(out.get(1))).isEqualTo(shape("a", 2));
  }

  @Test
  void adamGivesNewValuesAndBothMoments() {
    Fixture f = new Fixture(17);
    List<Value> out = optimizer(f, "Adam", 3, f.input("r"), f.input("t", DataType.INT64), f.input("x", 4),
        f.input("g", 4), f.input("v", 4), f.input("h", "k"));
    f.infer();
    assertThat(shapeOf(out.get(0))).isEqualTo(shape(4));
    assertThat(shapeOf(out.get(1))).isEqualTo(shape(4));
    assertThat(shapeOf(out.get(2))).isEqualTo(shape("k"));
  }

  @Test
  void inputsThatDoNotSplitIntoGroupsAreReported() {
    Fixture f = new Fixture(17);
    List<Value> out = optimizer(f, "Adam", 3, f.input("r"), f.input("t", DataType.INT64), f.input("x", 4),
        f.input("g", 4), f.input("v", 4));
    ShapeInference.Result result = ShapeInference.run(f.g.model());
    assertThat(result.errorCount()).isEqualTo(1);
    assertThat(out.get(0).type()).isNull();
  }
}
