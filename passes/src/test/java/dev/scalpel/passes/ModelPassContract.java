package dev.scalpel.passes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.traverse.GraphVerifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every pass must do, inherited by each pass's test: a second run changes nothing, the graph
 * stays valid, and the model's signature (input and output names and element types) is kept.
 */
public abstract class ModelPassContract {
  /** A fresh instance of the pass under test. */
  protected abstract ModelPass pass();

  /** Models to run it on (fresh copies on every call). */
  protected List<Model> models() {
    return List.of(TestModels.tinyCnn());
  }

  private static PipelineResult runOnce(ModelPass pass, Model model) {
    return PassManager.builder().add(pass).verifyAfterEachPass(true).build().run(model);
  }

  @Test
  void secondRunChangesNothing() {
    for (Model m : models()) {
      runOnce(pass(), m);
      PipelineResult second = runOnce(pass(), m);
      assertThat(second.changed()).as(pass().id() + " second run: " + second.totalChanges()).isFalse();
    }
  }

  @Test
  void leavesAValidGraph() {
    for (Model m : models()) {
      runOnce(pass(), m);
      assertThat(GraphVerifier.verify(m)).isEmpty();
    }
  }

  @Test
  void keepsTheSignature() {
    for (Model m : models()) {
      List<String> before = signature(m);
      runOnce(pass(), m);
      assertThat(signature(m)).isEqualTo(before);
    }
  }

  private static List<String> signature(Model m) {
    return java.util.stream.Stream.concat(m.graph().inputs().stream(), m.graph().outputs().stream())
        .map(ModelPassContract::describe).toList();
  }

  private static String describe(Value v) {
    return v.name() + ":" + v.dataType().map(Object::toString).orElse("?");
  }
}
