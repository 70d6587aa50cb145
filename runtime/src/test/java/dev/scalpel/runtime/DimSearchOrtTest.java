package dev.scalpel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Model;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Validation of models that accept only some sizes of their dynamic dims: the old ladder (2/3,
 * 8/13, 32/48) cannot run them; the planner's sizes, admitted by the model's requirements, run
 * through ONNX Runtime.
 */
class DimSearchOrtTest {
  @Test
  void detectorFailsOnTheLadderAndRunsAtAdmittedSizes() {
    Model model = DimSearchModels.yolo();
    assertLadderFails(model);

    EquivalenceReport report = EquivalenceChecker.check(model, model.deepCopy(), CheckOptions.defaults());

    assertThat(report.passed()).isTrue();
    assertThat(report.runs()).containsExactly(
        Map.of("batch", 2L, "height", 32L, "width", 32L), Map.of("batch", 3L, "height", 64L, "width", 64L));
    DimConditions conditions = DimConditions.of(model);
    report.runs().forEach(run -> assertThat(conditions.admits(run)).isTrue());
  }

  @Test
  void audioEncoderFailsOnTheLadderAndRunsFrom400Samples() {
    Model model = DimSearchModels.wav2vec2();
    assertLadderFails(model);

    EquivalenceReport report = EquivalenceChecker.check(model, model.deepCopy(), CheckOptions.defaults());

    assertThat(report.passed()).isTrue();
    assertThat(report.runs()).extracting(r -> r.get("samples")).containsExactly(400L, 416L);
    // 400 samples: 79, 39, 19, 9, 4, 2, 1 frames after the seven convs.
    ReferenceRuns runs = ReferenceRuns.of(ModelSource.of(model), CheckOptions.defaults());
    assertThat(runs.results().get(0).outputs().values().iterator().next().dims()).containsExactly(2, 1, 4);
  }

  @Test
  void noRunnableSizesNameTheDimsTheSizesAndTheFirstError() {
    Model model = DimSearchModels.wav2vec2();
    // NOTE: with the samples fixed below the minimum, only the batch is Scalpel's choice.
    CheckOptions options = CheckOptions.defaults().withDim("samples", 48);

    assertThatThrownBy(() -> EquivalenceChecker.check(model, model, options))
        .isInstanceOf(NoRunnableDimsException.class)
        .hasMessageContaining("dim 'batch' tried 2, 8, 32")
        .hasMessageContaining("first error, at {batch=2, samples=48}")
        .hasMessageContaining("--dims batch=V1,V2")
        .hasMessageNotContaining("dim 'samples'");
  }

  @Test
  void sizesTheUserFixedFailAsBefore() {
    Model model = DimSearchModels.wav2vec2();
    CheckOptions options = CheckOptions.defaults().withDim("samples", 48).withDim("batch", 1);

    assertThatThrownBy(() -> EquivalenceChecker.check(model, model, options))
        .isInstanceOf(ModelNotRunnableException.class)
        .isNotInstanceOf(NoRunnableDimsException.class)
        .hasMessageContaining("samples=48");
  }

  @Test
  void candidatesWhoseInputsPassTheBudgetAreNotTried() {
    // [batch, 8192, 8193] float: just over 256 MiB a sample, so over the 256 MiB input budget even at
    // the last-resort batch of 1.
    dev.scalpel.graph.build.GraphBuilder b = dev.scalpel.graph.build.GraphBuilder.create(17);
    b.output(b.op("Relu", b.input("x", dev.scalpel.graph.DataType.FLOAT,
        dev.scalpel.graph.Shape.of(dev.scalpel.graph.Dim.of("batch"), dev.scalpel.graph.Dim.of(8192), dev.scalpel.graph.Dim.of(8193)))));
    Model model = b.model();
    DimPlan first = new DimPlanner(Map.of()).candidates(InputSpec.of(model), Map.of()).get(0);
    assertThat(first.inputBytes(InputSpec.of(model), Map.of())).isEqualTo(3L * 8192 * 8193 * 4);

    assertThatThrownBy(() -> EquivalenceChecker.check(model, model, CheckOptions.defaults()))
        .isInstanceOf(NoRunnableDimsException.class)
        .hasMessageContaining("dim 'batch' tried nothing")
        .hasMessageContaining("candidate(s) skipped: inputs over 256 MiB")
        .hasMessageContaining("nothing was run")
        .hasMessageContaining("--dims batch=V1,V2");
  }

  /** Every rung of the old ladder, the same sizes for every dim, fails in ONNX Runtime. */
  @Test
  void aBatchSpecialisedToOneIsCheckedAtOneWhenNothingLargerRuns() {
    // x[batch,4] -> Reshape to the constant [1,4]: what an export traced at batch 1 keeps. Only
    // batch 1 runs (8 elements do not fit [1,4]); seq-like dims are absent, so both runs use it.
    dev.scalpel.graph.build.GraphBuilder b = dev.scalpel.graph.build.GraphBuilder.create(17);
    dev.scalpel.graph.Value x = b.input("x", dev.scalpel.graph.DataType.FLOAT,
        dev.scalpel.graph.Shape.of(dev.scalpel.graph.Dim.of("batch"), dev.scalpel.graph.Dim.of(4)));
    b.output(b.op("Relu", b.op("Reshape", x,
        b.constant(dev.scalpel.graph.tensor.DenseTensor.ofLongs("target", new long[] {2}, 1, 4)))));
    Model model = b.model();

    EquivalenceReport report = EquivalenceChecker.check(model, model.deepCopy(), CheckOptions.defaults());

    assertThat(report.passed()).isTrue();
    assertThat(report.runs()).isNotEmpty().allSatisfy(run -> assertThat(run).containsEntry("batch", 1L));
  }

  private static void assertLadderFails(Model model) {
    List<InputSpec> specs = InputSpec.of(model);
    InputGenerator generator = new InputGenerator(0);
    try (OrtRunner runner = OrtRunner.open(ModelSource.of(model), ModelRole.ORIGINAL)) {
      for (List<Long> rung : DimPlanner.DEFAULT_LADDER) {
        Map<String, List<Long>> values = new java.util.LinkedHashMap<>();
        DimPlanner.symbols(specs).forEach(s -> values.put(s, rung));
        DimPlan plan = new DimPlan(values);
        boolean anyFailed = false;
        for (int r = 0; r < plan.runs(); r++) {
          try {
            runner.run(generator.generate(specs, plan, r, Map.of()));
          } catch (ModelNotRunnableException e) {
            anyFailed = true;
          }
        }
        assertThat(anyFailed).as("rung %s", rung).isTrue();
      }
    }
  }
}
