package dev.scalpel.cli.report.html;

import static dev.scalpel.cli.report.html.LayeredTestModels.layered;
import static dev.scalpel.cli.report.html.LayeredTestModels.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatedBlocksTest {
  @Test
  void eachIndexedScopeIsABlockWithTheLooseConstantItReads() {
    Block root = RepeatedBlocks.of(layered(3).graph());
    assertThat(root.children()).extracting(Block::key)
        .containsExactly("model/layers.0", "model/layers.1", "model/layers.2");
    assertThat(root.children()).extracting(Block::label).containsExactly("layers.0", "layers.1", "layers.2");
    Block layer1 = root.children().get(1);
    assertThat(layer1.nodes()).extracting(Node::name)
        .containsExactly("Constant_1", "/model/layers.1/Add", "/model/layers.1/act/Relu", "/model/layers.1/Neg");
    assertThat(layer1.children()).isEmpty();
    assertThat(root.nodes()).extracting(Node::name).containsExactly("/model/norm/Identity");
    assertThat(root.totalNodes()).isEqualTo(13);
  }

  @Test
  void aScopeWithOneIndexOnlyIsNoBlock() {
    Block root = RepeatedBlocks.of(layered(1).graph());
    assertThat(root.children()).isEmpty();
    assertThat(root.nodes()).hasSize(5);
  }

  @Test
  void aLooseNodeReadByTwoBlocksStaysOutside() {
    Model m = layered(2);
    Graph g = m.graph();
    // A second reader of Constant_0 in layers.1: the constant now serves two blocks.
    Node add1 = LayeredTestModels.named(m, "/model/layers.1/Add");
    add1.replaceInput(1, LayeredTestModels.named(m, "Constant_0").output(0));
    Block root = RepeatedBlocks.of(g);
    // Constant_0 serves two blocks, Constant_1 none (nothing reads it now): both stay outside.
    assertThat(root.nodes()).extracting(Node::name).containsExactly("Constant_0", "Constant_1", "/model/norm/Identity");
    assertThat(root.children().get(0).nodes()).extracting(Node::name).doesNotContain("Constant_0");
    assertThat(root.children().get(1).nodes()).hasSize(3);
  }

  @Test
  void aScopedNodeOutsideEveryBlockIsNotPulledIn() {
    Model m = layered(2);
    // An embedding-like node of its own module, read only by layers.0.
    Node add0 = LayeredTestModels.named(m, "/model/layers.0/Add");
    Value e = node(m.graph(), "/model/embed/Neg", "Neg", List.of(m.graph().inputs().get(0)), "e");
    m.graph().reorder(m.graph().nodes().stream().sorted((p, q) -> p == e.producer() ? -1 : q == e.producer() ? 1 : 0)
        .collect(java.util.stream.Collectors.toList()));
    add0.replaceInput(0, e);
    Block root = RepeatedBlocks.of(m.graph());
    assertThat(root.nodes()).extracting(Node::name).contains("/model/embed/Neg");
    assertThat(root.children().get(0).nodes()).extracting(Node::name).contains("Constant_0")
        .doesNotContain("/model/embed/Neg");
  }

  @Test
  void nestedIndexedScopesAreNestedBlocks() {
    Graph g = new Graph("nested");
    Value h = g.addInput(new Value("x", ValueType.tensor(DataType.FLOAT, Shape.of(1, 4))));
    for (int s = 0; s < 2; s++) {
      for (int b = 0; b < 2; b++) {
        String scope = "/features/features." + s + "/features." + s + "." + b + "/";
        for (String op : List.of("Relu", "Neg", "Abs")) {
          h = node(g, scope + op, op, List.of(h), scope + op + "_output_0");
        }
      }
    }
    g.addOutput(h);
    Block root = RepeatedBlocks.of(g);
    assertThat(root.children()).extracting(Block::label).containsExactly("features.0", "features.1");
    assertThat(root.children().get(1).children()).extracting(Block::label).containsExactly("features.1.0", "features.1.1");
    assertThat(root.children().get(1).children().get(0).nodes()).hasSize(3);
    assertThat(root.children().get(1).nodes()).isEmpty();
  }

  @Test
  void blocksOfFewerThanThreeNodesAreNotMade() {
    Graph g = new Graph("small");
    Value h = g.addInput(new Value("x", ValueType.tensor(DataType.FLOAT, Shape.of(1, 4))));
    for (int i = 0; i < 3; i++) {
      h = node(g, "/m/blocks_" + i + "/Relu", "Relu", List.of(h), "r" + i);
      h = node(g, "/m/blocks_" + i + "/Neg", "Neg", List.of(h), "n" + i);
    }
    g.addOutput(h);
    assertThat(RepeatedBlocks.of(g).children()).isEmpty();
  }
}
