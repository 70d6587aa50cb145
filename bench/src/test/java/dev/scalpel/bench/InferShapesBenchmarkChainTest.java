package dev.scalpel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.ValueType;
import dev.scalpel.opset.infer.ShapeInference;
import org.junit.jupiter.api.Test;

/** The benchmark's chain times real inference: every node has a rule and every value a full type. */
class InferShapesBenchmarkChainTest {
  @Test
  void everyValueOfTheChainIsInferredAsBatchBy64() {
    Model m = InferShapesBenchmark.chain(300);
    ShapeInference.Result r = ShapeInference.run(m);
    assertThat(r.operatorsWithoutRule()).isEmpty();
    assertThat(r.diagnostics()).isEmpty();
    ValueType expected = new ValueType.TensorType(DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(64)));
    int count = 0;
    for (Node n : m.graph()) {
      assertThat(n.output(0).type()).as(n.describe()).isEqualTo(expected);
      count++;
    }
    assertThat(count).isEqualTo(300);
  }
}
