package dev.scalpel.opset.infer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.opset.infer.ShapeInference;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearAttentionRuleTest {
  @Test
  void outputHasQueryHeadsTimesValueWidthAndTheStateIsPerKvHead() {
    Graph g = new Graph("g");
    Value q = g.addInput(new Value("q", ValueType.tensor(DataType.FLOAT, Shape.of(Dim.of("b"), Dim.of("t"), Dim.of(8 * 16)))));
    Value k = g.addInput(new Value("k", ValueType.tensor(DataType.FLOAT, Shape.of(Dim.of("b"), Dim.of("t"), Dim.of(2 * 16)))));
    Value v = g.addInput(new Value("v", ValueType.tensor(DataType.FLOAT, Shape.of(Dim.of("b"), Dim.of("t"), Dim.of(2 * 32)))));
    Node n = g.append(new Node("", "LinearAttention", List.of(q, k, v), List.of("out", "state"),
        List.of(Attribute.of("q_num_heads", 8L), Attribute.of("kv_num_heads", 2L))));
    g.addOutput(n.output(0));
    g.addOutput(n.output(1));
    Model m = new Model(g);
    m.setIrVersion(13);
    m.opsetImports().set("", 27);

    ShapeInference.run(m);

    assertThat(n.output(0).shape()).contains(Shape.of(Dim.of("b"), Dim.of("t"), Dim.of(8 * 32)));
    assertThat(n.output(1).shape()).contains(Shape.of(Dim.of("b"), Dim.of(2), Dim.of(16), Dim.of(32)));
    assertThat(n.output(1).dataType()).contains(DataType.FLOAT);
  }
}
