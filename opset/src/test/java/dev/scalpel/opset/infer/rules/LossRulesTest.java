package dev.scalpel.opset.infer.rules;

import static dev.scalpel.opset.infer.rules.Fixture.attr;
import static dev.scalpel.opset.infer.rules.Fixture.list;
import static dev.scalpel.opset.infer.rules.Fixture.shape;
import static dev.scalpel.opset.infer.rules.Fixture.shapeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.opset.infer.ShapeInference;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss: reductions, weights, log_prob. */
class LossRulesTest {
  @Test
  void meanIsTheDefaultAndGivesAScalar() {
    Fixture f = new Fixture(13);
    Value loss = f.op("NegativeLogLikelihoodLoss", f.input("x", 3, 5), f.input("t", DataType.INT64, 3));
    f.infer();
    assertThat(loss.type()).isEqualTo(ValueType.tensor(DataType.FLOAT, shape()));
  }

  @Test
  void sumWithWeightsAndIgnoreIndexGivesAScalar() {
    Fixture f = new Fixture(22);
    Value loss = f.op("NegativeLogLikelihoodLoss", list(f.input("x", "n", 5, 2), f.input("t", DataType.INT64, "n", 2),
        f.input("w", 5)), attr("reduction", "sum"), attr("ignore_index", 1));
    f.infer();
    assertThat(shapeOf(loss)).isEqualTo(shape());
  }

  @Test
  void noneKeepsTheTargetShapeWithSymbolsAndFillsUnknownDimsFromTheScores() {
    Fixture f = new Fixture(13);
    Value x = f.input("x", DataType.DOUBLE, "n", 5, "h", 7);
    Value t = f.g.input("t", DataType.INT64, Shape.of(List.of(Dim.unknown(), Dim.of("h"), Dim.of(7))));
    Value loss = f.op("NegativeLogLikelihoodLoss", list(x, t), attr("reduction", "none"));
    f.infer();
    assertThat(loss.type()).isEqualTo(ValueType.tensor(DataType.DOUBLE, shape("n", "h", 7)));
  }

  @Test
  void softmaxCrossEntropyGivesLogProbOfTheScoresShape() {
    Fixture f = new Fixture(13);
    List<Value> out = f.ops("SoftmaxCrossEntropyLoss", 2, list(f.input("x", "n", 5, "d"),
        f.input("t", DataType.INT32, "n", "d")), attr("reduction", "none"));
    List<Value> mean = f.ops("SoftmaxCrossEntropyLoss", 2, list(f.input("y", 3, 5), f.input("u", DataType.INT64, 3),
        f.input("w", 5)));
    f.infer();
    assertThat(shapeOf(out.get(0))).isEqualTo(shape("n", "d"));
    assertThat(shapeOf(out.get(1))).isEqualTo(shape("n", 5, "d"));
    assertThat(shapeOf(mean.get(0))).isEqualTo(shape());
    assertThat(shapeOf(mean.get(1))).isEqualTo(shape(3, 5));
  }

  @Test
  void aTargetOfTheWrongRankIsReported() {
    Fixture f = new Fixture(13);
    Value loss = f.op("NegativeLogLikelihoodLoss", f.input("x", 3, 5), f.input("t", DataType.INT64, 3, 5));
    ShapeInference.Result result = ShapeInference.run(f.g.model());
    assertThat(result.errorCount()).isEqualTo(1);
    assertThat(loss.type()).isNull();
  }
}
