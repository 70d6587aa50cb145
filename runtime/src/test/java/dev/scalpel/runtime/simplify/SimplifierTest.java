package dev.scalpel.runtime.simplify;

import dev.scalpel.passes.Pipelines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.Unmodeled;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.PassRegistry;
import dev.scalpel.passes.TestModels;
import dev.scalpel.runtime.EquivalenceReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimplifierTest {
  private static final SimplifyOptions DEFAULTS = SimplifyOptions.defaults();

  @Test
  void fusesAndEliminatesWithoutTouchingTheInput() {
    Model model = TestModels.tinyCnn();
    byte[] before = OnnxWriter.toBytes(model);

    SimplifyResult result = Simplifier.simplify(model, DEFAULTS);

    assertThat(OnnxWriter.toBytes(model)).as("the input model is not changed").isEqualTo(before);
    SimplifyReport r = result.report();
    assertThat(r.before().operators()).containsKeys("BatchNormalization", "Identity");
    assertThat(r.after().operators()).doesNotContainKeys("BatchNormalization", "Identity");
    assertThat(r.after().nodes()).isLessThan(r.before().nodes());
    assertThat(r.after().nodes()).isEqualTo(result.model().graph().nodeCount());
    assertThat(r.validation()).isPresent();
    EquivalenceReport check = r.validation().orElseThrow();
    assertThat(check.passed()).as(check.toString()).isTrue();
    assertThat(check.runs()).as("two values of the dynamic batch").hasSize(2);
    assertThat(r.passed()).isTrue();
    assertThat(r.fixedPoint()).isTrue();
    assertThat(r.pipeline()).isEqualTo(Pipelines.simplifyIds());
    assertThat(r.passes()).extracting(PassTime::passId).containsExactlyElementsOf(Pipelines.simplifyIds());
    assertThat(result.model().graph().outputs()).extracting(Value::name)
        .containsExactlyElementsOf(names(model.graph().outputs()));
  }

  @Test
  void simplifyingTwiceChangesNothingTheSecondTime() {
    Model once = Simplifier.simplify(TestModels.tinyCnn(), DEFAULTS.withValidate(false)).model();
    byte[] onceBytes = OnnxWriter.toBytes(once);

    SimplifyResult twice = Simplifier.simplify(once, DEFAULTS.withValidate(false));

    assertThat(twice.report().rounds()).isEqualTo(1);
    assertThat(twice.report().passes()).allSatisfy(t -> assertThat(t.changes().isEmpty()).as(t.passId()).isTrue());
    assertThat(OnnxWriter.toBytes(twice.model())).isEqualTo(onceBytes);
  }

  @Test
  void skippingARuleKeepsWhatItWouldRemove() {
    SimplifyResult result = Simplifier.simplify(TestModels.tinyCnn(),
        DEFAULTS.withSkip(Set.of("fuse-batchnorm-into-conv")).withValidate(false));

    assertThat(result.report().after().operators()).containsKey("BatchNormalization").doesNotContainKey("Identity");
  }

  @Test
  void skippingAPassLeavesItOutOfThePipeline() {
    SimplifyResult result = Simplifier.simplify(TestModels.tinyCnn(), DEFAULTS.withSkip(Set.of("rewrite")).withValidate(false));

    assertThat(result.report().pipeline()).doesNotContain("rewrite");
    assertThat(result.report().after().operators()).containsKeys("BatchNormalization", "Identity");
  }

  @Test
  void unknownIdsAreRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> Simplifier.simplify(TestModels.tinyCnn(), DEFAULTS.withSkip(Set.of("fuse-everything"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fuse-everything")
        .hasMessageContaining("fuse-batchnorm-into-conv");
    assertThatThrownBy(() -> Simplifier.simplify(TestModels.tinyCnn(), DEFAULTS.withPipeline(List.of("no-such-pass"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-pass");
  }

  @Test
  void unusedInputsAreKeptUnlessDropped() {
    Model model = TestModels.tinyCnn();
    Value unused = new Value("unused", new ValueType.TensorType(DataType.FLOAT, Shape.of(2), ""));
    model.graph().addInput(unused);

    SimplifyResult kept = Simplifier.simplify(model, DEFAULTS.withValidate(false));
    SimplifyResult dropped = Simplifier.simplify(model, DEFAULTS.withDropUnusedInputs(true));

    assertThat(names(kept.model().graph().inputs())).contains("unused");
    assertThat(names(dropped.model().graph().inputs())).doesNotContain("unused").isNotEmpty();
    assertThat(dropped.report().passed()).as(dropped.report().validation().toString()).isTrue();
  }

  @Test
  void aPassThatChangesTheResultFailsValidation() {
    // A deliberately wrong pass: the classifier's Gemm gets alpha 2. Validation must catch it.
    ModelPass wrong = new ModelPass() {
      @Override
      public String id() {
        return "double-gemm-alpha";
      }

      @Override
      public void run(Model model, PassContext context) {
        for (Node n : model.graph().nodes()) {
          if (n.opType().equals("Gemm")) {
            n.setAttribute(new Attribute.FloatAttr("alpha", 2.0f, Unmodeled.NONE));
          }
        }
      }
    };
    Simplifier simplifier = new Simplifier(PassRegistry.standard().with(() -> wrong), r -> { });

    SimplifyResult result = simplifier.run(TestModels.tinyCnn(),
        DEFAULTS.withPipeline(List.of("infer-shapes", "double-gemm-alpha")));

    assertThat(result.report().passed()).isFalse();
    assertThat(result.report().validation().orElseThrow().failedOutputs()).isNotEmpty();
  }

  @Test
  void progressSeesEveryPassRun() {
    List<String> seen = new ArrayList<>();
    new Simplifier(PassRegistry.standard(), r -> seen.add(r.iteration() + ":" + r.passId()))
        .run(TestModels.tinyCnn(), DEFAULTS.withValidate(false));

    // The run ends once every pass ran without a change since the last change.
    int n = Pipelines.simplifyIds().size();
    assertThat(seen.size()).isGreaterThan(n);
    List<String> firstRound = new ArrayList<>();
    Pipelines.simplifyIds().forEach(id -> firstRound.add("1:" + id));
    assertThat(seen.subList(0, n)).containsExactlyElementsOf(firstRound);
  }

  private static List<String> names(List<Value> values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.name()));
    return out;
  }
}
