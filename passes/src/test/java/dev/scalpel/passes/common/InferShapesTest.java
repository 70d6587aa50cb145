package dev.scalpel.passes.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.ModelPassContract;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.PipelineResult;
import dev.scalpel.passes.TestModels;
import org.junit.jupiter.api.Test;

class InferShapesTest extends ModelPassContract {
  @Override
  protected ModelPass pass() {
    return new InferShapes();
  }

  @Test
  void typesTheExporterShapeChainExactly() {
    Model m = TestModels.tinyCnn();
    PipelineResult r = PassManager.builder().add(pass()).build().run(m);
    // Ten nodes, one value each; the graph output 'logits' is declared already, the other nine are new.
    assertThat(r.totalChanges().typesChanged()).isEqualTo(9);
    Node reshape = m.graph().nodes().stream().filter(n -> n.opType().equals("Reshape")).findFirst().orElseThrow();
    assertThat(reshape.output(0).shape()).contains(Shape.of(Dim.of("batch"), Dim.of(512)));
  }
}
