package dev.scalpel.passes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PassManagerTest {

  /** Removes one Identity node per run, if any: needs as many rounds as there are Identities. */
  private static final class RemoveOneIdentity implements ModelPass {
    @Override
    public String id() {
      return "remove-one-identity";
    }

    @Override
    public void run(Model model, PassContext context) {
      for (Node n : model.graph()) {
        if (n.opType().equals("Identity") && !n.output(0).isGraphOutput()) {
          n.output(0).replaceAllUsesWith(n.input(0));
          model.graph().remove(n);
          context.report("removed " + n.describe());
          return;
        }
      }
    }
  }

  @Test
  void recordsChangesFromGraphEventsNotFromThePass() {
    Model m = TestModels.tinyCnn();
    PipelineResult r = PassManager.builder().add(new RemoveOneIdentity()).build().run(m);
    PassResult only = r.passes().get(0);
    assertThat(only.changes().nodesRemoved()).isEqualTo(1);
    assertThat(only.changes().inputsRewired()).isEqualTo(2);
    assertThat(only.diagnostics()).containsExactly("removed Identity 'identity'");
    assertThat(only.elapsed()).isPositive();
  }

  @Test
  void repeatsUntilARoundChangesNothing() {
    Model m = TestModels.tinyCnn();
    PipelineResult r = PassManager.builder().add(new RemoveOneIdentity()).repeatUntilFixedPoint(10).build().run(m);
    assertThat(r.iterations()).isEqualTo(2);
    assertThat(r.reachedFixedPoint()).isTrue();
    assertThat(r.passes()).extracting(PassResult::changed).containsExactly(true, false);
  }

  @Test
  void stopsInTheMiddleOfARoundOnceEveryPassRanWithoutChanges() {
    Model m = TestModels.tinyCnn();
    List<String> order = new ArrayList<>();
    ModelPass watcher = pass("watcher", (model, context) -> {
      order.add("watcher");
    });
    // Round 1: remove (changes), watcher (quiet). Round 2: remove (quiet); now both passes ran
    // without a change since the last one, so round 2's watcher would see an unchanged graph.
    PipelineResult r = PassManager.builder().add(new RemoveOneIdentity()).add(watcher)
        .repeatUntilFixedPoint(10).build().run(m);
    assertThat(r.passes()).extracting(PassResult::passId).containsExactly("remove-one-identity", "watcher", "remove-one-identity");
    assertThat(r.iterations()).isEqualTo(2);
    assertThat(r.reachedFixedPoint()).isTrue();
  }

  @Test
  void stopsAtTheIterationCap() {
    AtomicInteger runs = new AtomicInteger();
    ModelPass alwaysChanges = pass("always-changes", (model, context) -> {
      runs.incrementAndGet();
      model.graph().nodes().get(0).setDocString("run " + runs.get());
      model.graph().nodes().get(0).setAttribute(dev.scalpel.graph.Attribute.of("scalpel_mark", runs.get()));
    });
    PipelineResult r = PassManager.builder().add(alwaysChanges).repeatUntilFixedPoint(3).build().run(TestModels.tinyCnn());
    assertThat(r.iterations()).isEqualTo(3);
    assertThat(r.reachedFixedPoint()).isFalse();
    assertThat(runs).hasValue(3);
  }

  @Test
  void aFailingPassIsNamedWithThePassesBeforeIt() {
    ModelPass broken = pass("broken", (model, context) -> {
      throw new IllegalStateException("boom");
    });
    PassManager pm = PassManager.builder().add(new RemoveOneIdentity()).add(broken).build();
    assertThatThrownBy(() -> pm.run(TestModels.tinyCnn()))
        .isInstanceOf(PassFailedException.class)
        .hasMessageContaining("pass 'broken' (round 1) failed: boom")
        .hasMessageContaining("passes before it: remove-one-identity");
  }

  @Test
  void verificationCatchesAPassThatBreaksTheGraph() {
    ModelPass unsorts = pass("unsorts", (model, context) -> {
      List<Node> nodes = new java.util.ArrayList<>(model.graph().nodes());
      java.util.Collections.reverse(nodes);
      model.graph().reorder(nodes);
    });
    PassManager pm = PassManager.builder().add(unsorts).verifyAfterEachPass(true).build();
    assertThatThrownBy(() -> pm.run(TestModels.tinyCnn()))
        .isInstanceOf(PassFailedException.class)
        .hasMessageContaining("left an invalid graph");
    PassManager unchecked = PassManager.builder().add(unsorts).build();
    unchecked.run(TestModels.tinyCnn());
  }

  @Test
  void verificationCatchesARenameNoEventReportsAndSkipsPassesThatEditNothing() {
    ModelPass duplicatesAName = pass("duplicates-a-name", (model, context) -> {
      List<Node> nodes = model.graph().nodes();
      nodes.get(1).output(0).setName(nodes.get(0).output(0).name());
    });
    ModelPass readsOnly = pass("reads-only", (model, context) -> {
      model.graph().nodes().forEach(Node::opType);
    });
    assertThatThrownBy(() -> PassManager.builder().add(duplicatesAName).verifyAfterEachPass(true).build()
        .run(TestModels.tinyCnn()))
        .isInstanceOf(PassFailedException.class)
        .hasMessageContaining("pass 'duplicates-a-name' (round 1) left an invalid graph");
    // NOTE: a pass that edits nothing is not blamed for a graph it received broken.
    Model broken = TestModels.tinyCnn();
    List<Node> nodes = broken.graph().nodes();
    nodes.get(1).output(0).setName(nodes.get(0).output(0).name());
    PassManager.builder().add(readsOnly).verifyAfterEachPass(true).build().run(broken);
  }

  @Test
  void pipelinesReadAndWriteAsText() {
    PassRegistry registry = PassRegistry.standard();
    List<ModelPass> p = registry.parsePipeline("infer-shapes, remove-unused,sort-topologically");
    assertThat(PassRegistry.toText(p)).isEqualTo("infer-shapes,remove-unused,sort-topologically");
    assertThat(registry.parsePipeline(PassRegistry.toText(p))).extracting(ModelPass::id)
        .containsExactly("infer-shapes", "remove-unused", "sort-topologically");
    assertThatThrownBy(() -> registry.parsePipeline("infer-shapes,fold-everything"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown pass 'fold-everything'")
        .hasMessageContaining("infer-shapes");
  }

  /** A pass named {@code id} that runs {@code body}. */
  private static ModelPass pass(String id, java.util.function.BiConsumer<Model, PassContext> body) {
    return new ModelPass() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public void run(Model model, PassContext context) {
        body.accept(model, context);
      }
    };
  }
}
