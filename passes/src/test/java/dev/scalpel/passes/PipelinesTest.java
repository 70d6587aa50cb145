package dev.scalpel.passes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.lint.trt.TrtVersion;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.passes.rewrite.RewriteRule;
import dev.scalpel.passes.rewrite.RuleSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelinesTest {
  @Test
  void simplifyPresetRunsItsPassesInTheDocumentedOrder() {
    assertThat(Pipelines.simplifyIds()).containsExactly("infer-shapes", "fold-constants", "constants-to-initializers",
        "rewrite-shapes", "eliminate-common-subexpressions", "rewrite", "remove-unused");
    assertThat(Pipelines.simplify(Pipelines.Options.defaults())).extracting(ModelPass::id)
        .containsExactlyElementsOf(Pipelines.simplifyIds());
  }

  @Test
  void foldPresetIsInferFoldRemoveToAFixedPoint() {
    assertThat(Pipelines.ids(Pipelines.FOLD)).containsExactly("infer-shapes", "fold-constants", "remove-unused");
    assertThat(Pipelines.fold(Pipelines.Options.defaults()).passes()).extracting(ModelPass::id)
        .containsExactly("infer-shapes", "fold-constants", "remove-unused");
  }

  @Test
  void trtRepairsNarrowInt64OnlyForTensorRtWithoutNativeInt64() {
    assertThat(Pipelines.trtRepairs(TrtVersion.V8_6, Pipelines.Options.defaults())).extracting(ModelPass::id)
        .containsExactly("infer-shapes", "fold-constants", "narrow-int64-initializers", "remove-unused");
    assertThat(Pipelines.trtRepairs(TrtVersion.V10, Pipelines.Options.defaults())).extracting(ModelPass::id)
        .containsExactly("infer-shapes", "fold-constants", "remove-unused");
  }

  @Test
  void everyEntryGivesAReason() {
    for (List<Pipelines.Entry> preset : List.of(Pipelines.SIMPLIFY, Pipelines.FOLD, Pipelines.TRT_REPAIRS)) {
      assertThat(preset).allSatisfy(e -> assertThat(e.reason()).isNotBlank());
    }
  }

  @Test
  void skipLeavesOutPassesAndSingleRules() {
    String rule = RuleSet.standard().rules().get(0).id();
    List<ModelPass> passes = Pipelines.simplify(Pipelines.Options.defaults().withSkip(Set.of("eliminate-common-subexpressions", rule)));
    assertThat(passes).extracting(ModelPass::id).doesNotContain("eliminate-common-subexpressions").contains("rewrite");
    RuleSet rewrite = (RuleSet) passes.stream().filter(p -> p.id().equals("rewrite")).findFirst().orElseThrow();
    assertThat(rewrite.rules()).extracting(RewriteRule::id).doesNotContain(rule)
        .hasSize(RuleSet.standard().rules().size() - 1);
  }

  @Test
  void unknownPassIsRefusedNamingIt() {
    assertThatThrownBy(() -> Pipelines.build(List.of("no-such-pass"), Pipelines.Options.defaults(), PassRegistry.standard()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-pass");
  }

  @Test
  void defaultFoldBudgetIsOneMebibyte() {
    assertThat(FoldConstants.Options.DEFAULT_FOLD_BUDGET).isEqualTo(1024L * 1024);
    assertThat(Pipelines.Options.defaults().foldBudget()).isEqualTo(FoldConstants.Options.DEFAULT_FOLD_BUDGET);
    assertThat(FoldConstants.Options.defaults().maxOutputBytes()).isEqualTo(FoldConstants.Options.DEFAULT_FOLD_BUDGET);
  }

  @Test
  void foldBudgetReachesFolding() {
    // ConstantOfShape of 600x600 floats: 1,440,000 bytes, over the 1 MiB default and under 2 MiB.
    assertThat(opsAfterFold(Pipelines.Options.defaults())).contains("ConstantOfShape");
    assertThat(opsAfterFold(Pipelines.Options.defaults().withFoldBudget(2L << 20))).doesNotContain("ConstantOfShape");
  }

  @Test
  void whyNotRunNamesTheSkipOrTheMissingPass() {
    String rule = RuleSet.standard().rules().get(0).id();
    List<String> all = Pipelines.simplifyIds();
    assertThat(Pipelines.whyNotRun(rule, all, Set.of())).isEmpty();
    assertThat(Pipelines.whyNotRun(rule, all, Set.of(rule))).get().asString().contains("skipped").contains("--skip " + rule);
    assertThat(Pipelines.whyNotRun(rule, all, Set.of("rewrite"))).get().asString().contains("skipped").contains("rewrite");
    assertThat(Pipelines.whyNotRun(rule, List.of("infer-shapes"), Set.of())).get().asString().contains("not in the pipeline");
    String shapeRule = RuleSet.shapes().rules().get(0).id();
    assertThat(Pipelines.whyNotRun(shapeRule, all, Set.of("rewrite"))).isEmpty();
    assertThat(Pipelines.whyNotRun(shapeRule, all, Set.of("rewrite-shapes"))).get().asString().contains("rewrite-shapes");
  }

  private static List<String> opsAfterFold(Pipelines.Options options) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(600, 600));
    Value filled = b.op("ConstantOfShape", b.constant(DenseTensor.vector("dims", 600, 600)));
    Value y = b.op("Add", x, filled);
    y.setName("y");
    b.output(y);
    Model m = b.model();
    Pipelines.fold(options).run(m);
    return m.graph().nodes().stream().map(Node::opType).toList();
  }
}
