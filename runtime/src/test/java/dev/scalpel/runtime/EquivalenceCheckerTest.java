package dev.scalpel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EquivalenceCheckerTest {
  private final CheckOptions options = CheckOptions.defaults();

  @Test
  void identicalModelsPassAtTwoBatchSizes() {
    Model original = TestModels.tinyCnn();
    EquivalenceReport report = EquivalenceChecker.check(original, original.deepCopy(), options);

    assertThat(report.passed()).as(report.toString()).isTrue();
    assertThat(report.runs()).containsExactly(Map.of("batch", 2L), Map.of("batch", 3L));
    assertThat(report.outputs()).extracting(OutputVerdict::name).containsExactly("logits");
    RunOutcome.Compared worst = (RunOutcome.Compared) report.outputs().get(0).worst();
    assertThat(worst.diff().maxAbsError()).isZero();
    assertThat(worst.diff().elements()).isIn(20L, 30L);
    assertThat(report.timings().originalRunMs()).hasSize(2);
    assertThat(report.signature()).isEmpty();
  }

  @Test
  void perturbedWeightIsCaughtNamingTheOutput() {
    Model original = TestModels.tinyCnn();
    Model rewritten = original.deepCopy();
    perturb(TestModels.initializer(rewritten, "fc.weight"), 0.05f);

    EquivalenceReport report = EquivalenceChecker.check(original, rewritten, options);

    assertThat(report.passed()).isFalse();
    assertThat(report.failedOutputs()).extracting(OutputVerdict::name).containsExactly("logits");
    TensorDiff diff = ((RunOutcome.Compared) report.output("logits").orElseThrow().worst()).diff();
    assertThat(diff.mismatches()).isPositive();
    assertThat(diff.maxAbsError()).isGreaterThan(1e-3);
    assertThat(report.toString()).contains("FAIL logits");
  }

  @Test
  void tinyPerturbationWithinToleranceAndPerOutputOverride() {
    Model original = TestModels.tinyCnn();
    Model rewritten = original.deepCopy();
    perturb(TestModels.initializer(rewritten, "fc.weight"), 0.05f);

    EquivalenceReport loose = EquivalenceChecker.check(original, rewritten,
        options.withOutputTolerance("logits", new Tolerance(10, 0)));

    assertThat(loose.passed()).isTrue();
    assertThat(loose.output("logits").orElseThrow().tolerance()).isEqualTo(new Tolerance(10, 0));
  }

  @Test
  void swappedOutputsAreCaught() {
    Model original = twoHeads(TestModels.tinyCnn());
    Model rewritten = original.deepCopy();
    List<Value> outs = rewritten.graph().outputs();
    Value logits = outs.get(0);
    Value neg = outs.get(1);
    logits.setName("tmp");
    neg.setName("logits");
    logits.setName("neg");

    EquivalenceReport report = EquivalenceChecker.check(original, rewritten, options);

    assertThat(report.passed()).isFalse();
    assertThat(report.signature()).isEmpty();
    assertThat(report.failedOutputs()).extracting(OutputVerdict::name).containsExactlyInAnyOrder("logits", "neg");
  }

  @Test
  void droppedReluIsCaughtAndLocalized() {
    Model original = TestModels.tinyCnn();
    Model rewritten = original.deepCopy();
    Node relu = TestModels.node(rewritten, "relu");
    TestModels.node(rewritten, "identity").replaceInput(0, relu.input(0));
    rewritten.graph().remove(relu);

    EquivalenceReport report = EquivalenceChecker.check(original, rewritten, options);
    assertThat(report.failedOutputs()).extracting(OutputVerdict::name).containsExactly("logits");

    Localization where = DivergenceLocator.locate(original, rewritten, options, report.runs().get(0));
    assertThat(where.first()).isPresent();
    assertThat(where.divergence().nodeName()).isEqualTo("identity");
    assertThat(where.divergence().tensor()).isEqualTo("features");
    assertThat(where.divergence().maxAbsError()).isPositive();
  }

  @Test
  void localizationNamesThePerturbedConvolution() {
    Model original = TestModels.tinyCnn();
    Model rewritten = original.deepCopy();
    perturb(TestModels.initializer(rewritten, "conv.weight"), 0.5f);

    Localization where = DivergenceLocator.locate(original, rewritten, options, Map.of("batch", 2L));

    assertThat(where.divergence()).isNotNull();
    assertThat(where.divergence().nodeName()).isEqualTo("conv");
    assertThat(where.divergence().opType()).isEqualTo("Conv");
    assertThat(where.divergence().tensor()).isEqualTo("conv_out");
    assertThat(where.compared()).isEqualTo(1);
  }

  @Test
  void localizationOfIdenticalModelsFindsNothing() {
    Model original = TestModels.tinyCnn();
    Localization where = DivergenceLocator.locate(original, original.deepCopy(), options, Map.of("batch", 3L));
    assertThat(where.first()).isEmpty();
    assertThat(where.failure()).isNull();
    assertThat(where.compared()).isEqualTo(original.graph().nodeCount());
  }

  @Test
  void batchFaultOnlyVisibleAboveBatchOneIsCaught() {
    Model original = TestModels.tinyCnn();
    Model rewritten = original.deepCopy();
    // The rewrite "folded" the runtime shape [batch, -1] to the traced constant [1, -1].
    Value frozen = rewritten.graph().addInitializer("frozen_shape", DenseTensor.vector("frozen_shape", 1, -1));
    TestModels.node(rewritten, "reshape").replaceInput(1, frozen);

    assertThat(EquivalenceChecker.check(original, rewritten, options.withDim("batch", 1)).passed()).isTrue();

    EquivalenceReport report = EquivalenceChecker.check(original, rewritten, options);
    assertThat(report.passed()).isFalse();
    OutputVerdict logits = report.output("logits").orElseThrow();
    assertThat(logits.passed()).isFalse();
    assertThat(logits.worst()).isInstanceOf(RunOutcome.Failed.class);
  }

  @Test
  void dimOverridesDriveTheRuns() {
    Model original = TestModels.tinyCnn();
    EquivalenceReport report = EquivalenceChecker.check(original, original.deepCopy(), options.withDim("batch", 1, 4, 5));
    assertThat(report.runs()).extracting(m -> m.get("batch")).containsExactly(1L, 4L, 5L);
  }

  @Test
  void userInputsAreUsedAndCheckedAgainstTheDeclaration() {
    Model original = TestModels.tinyCnn();
    DenseTensor x = DenseTensor.ofFloats("x", new long[] {1, 3, 8, 8}, new float[192]);
    EquivalenceReport report = EquivalenceChecker.check(original, original.deepCopy(), options.withInput("x", x));
    assertThat(report.runs()).containsExactly(Map.of("batch", 1L));

    DenseTensor wrongShape = DenseTensor.ofFloats("x", new long[] {1, 3, 4, 16}, new float[192]);
    assertThatThrownBy(() -> EquivalenceChecker.check(original, original, options.withInput("x", wrongShape)))
        .isInstanceOf(InputSpecException.class).hasMessageContaining("'x'");
    DenseTensor wrongType = DenseTensor.ofInts("x", new long[] {1, 3, 8, 8}, new int[192]);
    assertThatThrownBy(() -> EquivalenceChecker.check(original, original, options.withInput("x", wrongType)))
        .isInstanceOf(InputSpecException.class).hasMessageContaining("int32");
    assertThatThrownBy(() -> EquivalenceChecker.check(original, original, options.withInput("y", x)))
        .isInstanceOf(InputSpecException.class).hasMessageContaining("'y'");
  }

  @Test
  void modelThatOnnxRuntimeRefusesGivesModelNotRunnable() {
    Model original = TestModels.tinyCnn();
    Model rewritten = original.deepCopy();
    Node relu = TestModels.node(rewritten, "relu");
    Node bogus = new Node("", "NoSuchOperator", List.of(relu.input(0)), List.of("bogus_out"), List.of());
    rewritten.graph().insertAfter(relu, bogus);
    TestModels.node(rewritten, "identity").replaceInput(0, bogus.output(0));
    rewritten.graph().remove(relu);

    assertThatThrownBy(() -> EquivalenceChecker.check(original, rewritten, options))
        .isInstanceOfSatisfying(ModelNotRunnableException.class, e -> {
          assertThat(e.role()).isEqualTo(ModelRole.REWRITTEN);
          assertThat(e.stage()).isEqualTo(ModelNotRunnableException.Stage.LOAD);
          assertThat(e.getMessage()).contains("rewritten").contains("NoSuchOperator");
        });
  }

  @Test
  void signatureDifferencesAreReported() {
    Model original = TestModels.tinyCnn();
    Model rewritten = original.deepCopy();
    rewritten.graph().addInput(new Value("extra", new dev.scalpel.graph.ValueType.TensorType(DataType.FLOAT, Shape.of(1))));
    EquivalenceReport report = EquivalenceChecker.check(original, rewritten, options);
    assertThat(report.passed()).isFalse();
    assertThat(report.signature()).extracting(SignatureIssue::kind)
        .containsExactly(SignatureIssue.Kind.INPUT_ONLY_IN_REWRITTEN);

    Model noOutput = original.deepCopy();
    noOutput.graph().removeOutput(0);
    noOutput.graph().addOutput(TestModels.node(noOutput, "fc").input(0));
    EquivalenceReport missing = EquivalenceChecker.check(original, noOutput, options);
    assertThat(missing.passed()).isFalse();
    assertThat(missing.signature()).extracting(SignatureIssue::name).containsExactlyInAnyOrder("logits", "flat");
  }

  @Test
  void nanParityEndToEnd() {
    // y = Log(x - c): NaN wherever x < c, the same in both models.
    Model original = logModel(0.5f);
    CheckOptions options = this.options.withDim("n", 64, 65);
    EquivalenceReport same = EquivalenceChecker.check(original, original.deepCopy(), options);
    assertThat(same.passed()).as(same.toString()).isTrue();

    EquivalenceReport shifted = EquivalenceChecker.check(original, logModel(0.25f), options);
    assertThat(shifted.passed()).isFalse();
    TensorDiff diff = ((RunOutcome.Compared) shifted.outputs().get(0).worst()).diff();
    assertThat(diff.nanInfMismatches()).isPositive();
  }

  private static Model logModel(float c) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(Dim.of("n")));
    Value shifted = b.op("Sub", x, b.initializer("c", DenseTensor.ofFloats("c", new long[0], c)));
    Value y = b.op("Log", shifted);
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /** tiny_cnn with a second output {@code neg = -logits}. */
  private static Model twoHeads(Model model) {
    Node fc = TestModels.node(model, "fc");
    Node neg = new Node("", "Neg", List.of(fc.output(0)), List.of("neg"), List.<Attribute>of());
    model.graph().append(neg);
    model.graph().addOutput(neg.output(0));
    return model;
  }

  private static void perturb(Value weight, float delta) {
    float[] w = weight.initializer().orElseThrow().toFloatArray();
    for (int i = 0; i < w.length; i += 7) {
      w[i] += delta;
    }
    weight.setInitializer(DenseTensor.ofFloats(weight.name(), weight.initializer().orElseThrow().dims(), w));
  }
}
