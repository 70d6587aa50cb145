package dev.scalpel.passes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.passes.shape.ShapeFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysesTest {
  @Test
  void aResultIsReusedUntilTheGraphChanges() {
    Model m = ShapeFixtures.reshapeChains(false);
    Analyses a = new Analyses();
    ShapeInference.Result first = a.shapes(m);
    assertThat(a.shapes(m)).isSameAs(first);
    assertThat(a.currentShapes(m)).containsSame(first);
    assertThat(a.shapeInferenceRuns()).isEqualTo(1);

    Node relu = m.graph().nodes().stream().filter(n -> n.opType().equals("Relu")).findFirst().orElseThrow();
    relu.setAttribute(dev.scalpel.graph.Attribute.of("note", 1L));
    assertThat(a.currentShapes(m)).as("an attribute change invalidates").isEmpty();
    assertThat(a.shapes(m)).isNotSameAs(first);
    assertThat(a.shapeInferenceRuns()).isEqualTo(2);
  }

  @Test
  void anotherModelOrAnInvalidationIsNotServedFromTheCache() {
    Model m = ShapeFixtures.reshapeChains(false);
    Analyses a = new Analyses();
    a.shapes(m);
    assertThat(a.currentShapes(m.deepCopy())).isEmpty();
    a.invalidate();
    assertThat(a.currentShapes(m)).isEmpty();
  }

  @Test
  void aContextReadsOnlyWhatInferShapesLeftUnlessOnDemand() {
    Model m = ShapeFixtures.reshapeChains(false);
    PassContext readOnly = new PassContext(new Analyses());
    assertThat(readOnly.shapes(m)).isSameAs(ShapeInference.Result.NONE);
    assertThat(readOnly.missedShapes()).isTrue();
    PassContext onDemand = new PassContext(Analyses.computedOnDemand());
    assertThat(onDemand.shapes(m).valueOf(m.graph().nodes().get(0).output(0))).isPresent();
    assertThat(onDemand.missedShapes()).isFalse();
  }

  /** A pass that only reads the analysis. */
  private static final class Reader implements ModelPass {
    int sawCurrent;

    @Override
    public String id() {
      return "reader";
    }

    @Override
    public void run(Model model, PassContext context) {
      if (context.shapes(model) != ShapeInference.Result.NONE) {
        sawCurrent++;
      }
    }
  }

  @Test
  void aPipelineInfersOnceWhenNothingChangesAndTheReaderSeesIt() {
    Model m = ShapeFixtures.reshapeChains(false);
    new InferShapes().run(m, new PassContext());
    Analyses a = new Analyses();
    Reader reader = new Reader();
    PipelineResult r = PassManager.builder().addAll(List.of(new InferShapes(), reader))
        .repeatUntilFixedPoint(5).analyses(a).build().run(m);
    assertThat(r.reachedFixedPoint()).isTrue();
    assertThat(a.shapeInferenceRuns()).as("infer-shapes of a later round reuses the result").isEqualTo(1);
    assertThat(reader.sawCurrent).isEqualTo(r.iterations());
  }
}
