package dev.scalpel.runtime.dims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
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
import java.util.Random;
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
    long[] sampleDims = original.graph().inputs().get(0).shape().get().staticSizes();
    assertThat(sampleDims[0]).isEqualTo(1);
    int sampleSize = (int) Arrays.stream(sampleDims).reduce(1, Math::multiplyExact);
    Random random = new Random(7);
    try (OrtRunner orig = OrtRunner.open(ModelSource.of(original), ModelRole.ORIGINAL);
        OrtRunner dyn = OrtRunner.open(ModelSource.of(dynamic), ModelRole.REWRITTEN)) {
      for (int batch : BATCHES) {
        float[] data = new float[batch * sampleSize];
        for (int i = 0; i < data.length; i++) {
          data[i] = (float) random.nextGaussian();
        }
        long[] dims = sampleDims.clone();
        dims[0] = batch;
        Tensor y = dyn.run(Map.of("x", DenseTensor.ofFloats("x", dims, data))).outputs().get("y");
        assertThat(y.dims()[0]).as("batch of the output").isEqualTo(batch);
        float[] got = y.toFloatArray();
        int outPerSample = got.length / batch;
        double worst = 0;
        for (int s = 0; s < batch; s++) {
          float[] sample = Arrays.copyOfRange(data, s * sampleSize, (s + 1) * sampleSize);
          float[] expected = orig.run(Map.of("x", DenseTensor.ofFloats("x", sampleDims, sample))).outputs().get("y")
              .toFloatArray();
          assertThat(expected).hasSize(outPerSample);
          for (int k = 0; k < outPerSample; k++) {
            double diff = Math.abs(got[s * outPerSample + k] - expected[k]);
            worst = Math.max(worst, diff / (1 + Math.abs(expected[k])));
          }
        }
        System.out.printf(java.util.Locale.ROOT, "make-dynamic %-30s batch %d: output %s, worst relative error %.2e%n",
            file, batch, Arrays.toString(y.dims()), worst);
        assertThat(worst).as(file + " at batch " + batch).isLessThanOrEqualTo(TOLERANCE);
      }
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
}
