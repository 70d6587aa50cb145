package dev.scalpel.cli.report.html;

import static dev.scalpel.cli.report.html.LayeredTestModels.named;
import static dev.scalpel.cli.report.html.LayeredTestModels.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Unmodeled;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model and a hand-made "simplified" version of it, each change of the kinds simplify makes:
 * Conv+BatchNormalization fused into a new Conv (fresh name {@code conv_0}), an Identity on the
 * graph output eliminated, a Shape folded into an initializer of the same name, a dead node
 * removed, and a node only the result has.
 */
class GraphDiffTest {
  private static final Shape S = Shape.of(1, 3, 8, 8);

  private static Model before() {
    Graph g = new Graph("before");
    Value x = g.addInput(new Value("x", ValueType.tensor(DataType.FLOAT, S)));
    Value w = g.addInitializer(new Value("w"), DenseTensor.ofFloats("w", new long[] {3, 3, 1, 1}, new float[9]));
    Value c = node(g, "conv", "Conv", List.of(x, w), "c");
    Value bn = node(g, "bn", "BatchNormalization", List.of(c, w, w, w, w), "b");
    Value r = node(g, "relu", "Relu", List.of(bn), "r");
    Value s = node(g, "shape", "Shape", List.of(r), "s");
    Value z = node(g, "reshape", "Reshape", List.of(r, s), "z");
    node(g, "dead", "Sigmoid", List.of(x), "unused");
    g.addOutput(node(g, "id", "Identity", List.of(z), "y"));
    return new Model(g);
  }

  private static Model after() {
    Graph g = new Graph("after");
    Value x = g.addInput(new Value("x", ValueType.tensor(DataType.FLOAT, S)));
    Value w = g.addInitializer(new Value("w_fused"), DenseTensor.ofFloats("w_fused", new long[] {3, 3, 1, 1}, new float[9]));
    Value s = g.addInitializer(new Value("s"), DenseTensor.ofLongs("s", new long[] {4}, new long[] {1, 3, 8, 8}));
    Value c = node(g, "conv_0", "Conv", List.of(x, w), "conv_out");
    Value r = node(g, "relu", "Relu", List.of(c), "r");
    Value y = node(g, "reshape", "Reshape", List.of(r, s), "y");
    node(g, "extra", "Neg", List.of(r), "n");
    g.addOutput(y);
    return new Model(g);
  }

  @Test
  void classifiesEachKindOfChange() {
    Model b = before();
    Model a = after();
    GraphDiff d = GraphDiff.of(b, a);
    assertThat(d.change(named(b, "conv"))).isEqualTo(NodeChange.CHANGED);
    assertThat(d.partner(named(b, "conv"))).isSameAs(named(a, "conv_0"));
    assertThat(d.change(named(b, "bn"))).isEqualTo(NodeChange.FUSED);
    assertThat(d.change(named(b, "relu"))).isEqualTo(NodeChange.CHANGED);
    assertThat(d.change(named(b, "shape"))).isEqualTo(NodeChange.FOLDED);
    assertThat(d.change(named(b, "dead"))).isEqualTo(NodeChange.REMOVED);
    assertThat(d.change(named(b, "id"))).isEqualTo(NodeChange.FUSED);
    // reshape keeps its name and input names (r, s) but now produces the graph output y itself.
    assertThat(d.change(named(b, "reshape"))).isEqualTo(NodeChange.KEPT);
    assertThat(d.partner(named(a, "reshape"))).isSameAs(named(b, "reshape"));
    assertThat(d.change(named(a, "extra"))).isEqualTo(NodeChange.ADDED);
    assertThat(d.partner(named(a, "extra"))).isNull();
  }

  @Test
  void aModelAgainstItsCopyKeepsEveryNode() {
    Model b = before();
    Model copy = b.deepCopy();
    GraphDiff d = GraphDiff.of(b, copy);
    b.graph().forEach(n -> assertThat(d.change(n)).as(n.name()).isEqualTo(NodeChange.KEPT));
    copy.graph().forEach(n -> assertThat(d.partner(n)).isNotNull());
  }

  @Test
  void unnamedNodesPairByTheirOutputs() {
    Model b = before();
    Model a = b.deepCopy();
    a.graph().forEach(n -> n.setName(""));
    GraphDiff d = GraphDiff.of(b, a);
    assertThat(d.change(named(b, "bn"))).isEqualTo(NodeChange.KEPT);
    assertThat(d.partner(named(b, "bn")).output(0).name()).isEqualTo("b");
  }

  @Test
  void anAttributeChangeIsAChange() {
    Model b = before();
    Model a = b.deepCopy();
    named(a, "relu").setAttribute(new Attribute.IntAttr("alpha", 1, Unmodeled.NONE));
    assertThat(GraphDiff.of(b, a).change(named(b, "relu"))).isEqualTo(NodeChange.CHANGED);
  }
}
