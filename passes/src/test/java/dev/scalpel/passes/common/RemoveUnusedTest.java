package dev.scalpel.passes.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.ModelPassContract;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.PipelineResult;
import dev.scalpel.passes.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoveUnusedTest extends ModelPassContract {
  @Override
  protected ModelPass pass() {
    return new RemoveUnused();
  }

  @Test
  void removesADeadBranchAndCountsIt() {
    Model m = TestModels.tinyCnn();
    Node relu = m.graph().nodes().stream().filter(n -> n.opType().equals("Relu")).findFirst().orElseThrow();
    m.graph().append(new Node("", "Sigmoid", List.of(relu.output(0)), java.util.Arrays.asList((String) null), List.of()));
    PipelineResult r = PassManager.builder().add(pass()).build().run(m);
    assertThat(r.totalChanges().nodesRemoved()).isEqualTo(1);
    assertThat(m.graph().nodes()).noneMatch(n -> n.opType().equals("Sigmoid"));
  }
}
