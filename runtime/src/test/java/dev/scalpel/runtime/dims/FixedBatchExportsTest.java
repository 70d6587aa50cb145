package dev.scalpel.runtime.dims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.TestModels;
import dev.scalpel.passes.dims.DimChange;
import dev.scalpel.passes.dims.MakeDynamic;
import dev.scalpel.passes.dims.SetDims;
import dev.scalpel.runtime.ModelNotRunnableException;
import dev.scalpel.runtime.ModelRole;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtRunner;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PyTorch exports at batch 1 in testdata/models (made by testdata/models/export_fixed_batch.py):
 * after {@link MakeDynamic} they run at batch 1, 2 and 7 in ONNX Runtime, and sample i of each
 * batch's output equals the original model's output for sample i run alone at batch 1. The
 * control: with the batch only made symbolic ({@link SetDims}, no constant rewritten) the same
 * models cannot run at batch 2.
 */
@Tag("corpus")
class FixedBatchExportsTest {
  private static final List<Integer> BATCHES = List.of(1, 2, 7);
  private static final double TOLERANCE = 1e-5;

  @ParameterizedTest
  @ValueSource(strings = {"fixed_batch_cnn.onnx", "fixed_batch_transformer.onnx", "fixed_batch_cls_token.onnx"})
  void madeDynamicEachSampleMatchesTheOriginalAlone(String file) {
    Model original = TestModels.bundled(file);
    Model dynamic = TestModels.bundled(file);
    MakeDynamic.Result result = new MakeDynamic(List.of(new DimChange("x", 0, Dim.of("batch")))).apply(dynamic);
    assertThat(result.findings()).as("unproven places").isEmpty();
    for (int batch : BATCHES) {
      double worst = PerSampleCheck.worstError(original, dynamic, batch, 7 + batch);
      System.out.printf(java.util.Locale.ROOT, "make-dynamic %-30s batch %d: %d rewrites, worst relative error %.2e%n",
          file, batch, result.rewrites().size(), worst);
      assertThat(worst).as(file + " at batch " + batch).isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"fixed_batch_cnn.onnx", "fixed_batch_transformer.onnx", "fixed_batch_cls_token.onnx"})
  void onlyMadeSymbolicTheyFailAtBatchTwo(String file) {
    Model symbolic = TestModels.bundled(file);
    new SetDims(List.of(), List.of(new DimChange("x", 0, Dim.of("batch"))), Map.of()).apply(symbolic);
    long[] dims = symbolic.graph().inputs().get(0).shape().get().dims().stream()
        .mapToLong(d -> d instanceof Dim.Static s ? s.value() : 2).toArray();
    float[] data = new float[(int) Arrays.stream(dims).reduce(1, Math::multiplyExact)];
    try (OrtRunner runner = OrtRunner.open(ModelSource.of(symbolic), ModelRole.REWRITTEN)) {
      assertThatThrownBy(() -> runner.run(Map.of("x", DenseTensor.ofFloats("x", dims, data))))
          .isInstanceOf(ModelNotRunnableException.class);
    }
  }

  /** The refused export: forced through anyway, it indeed cannot run at batch 2. */
  @org.junit.jupiter.api.Test
  void theRefusedExportIsRightlyRefused() {
    Model forced = TestModels.bundled("fixed_batch_merged_heads.onnx");
    MakeDynamic.Result result = new MakeDynamic(List.of(new DimChange("x", 0, Dim.of("batch")))).apply(forced);
    assertThat(result.proven()).isFalse();
    float[] data = new float[2 * 5 * 16];
    try (OrtRunner runner = OrtRunner.open(ModelSource.of(forced), ModelRole.REWRITTEN)) {
      assertThatThrownBy(() -> runner.run(Map.of("x", DenseTensor.ofFloats("x", new long[] {2, 5, 16}, data))))
          .isInstanceOf(ModelNotRunnableException.class);
    }
  }
}
