package dev.scalpel.passes.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.traverse.TopologicalOrder;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.ModelPassContract;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.TestModels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortTopologicallyTest extends ModelPassContract {
  @Override
  protected ModelPass pass() {
    return new SortTopologically();
  }

  @Test
  void sortsAReversedGraph() {
    Model m = TestModels.tinyCnn();
    List<Node> reversed = new ArrayList<>(m.graph().nodes());
    Collections.reverse(reversed);
    m.graph().reorder(reversed);
    assertThat(TopologicalOrder.isSorted(m.graph())).isFalse();
    PassManager.builder().add(pass()).build().run(m);
    assertThat(TopologicalOrder.isSorted(m.graph())).isTrue();
  }
}
