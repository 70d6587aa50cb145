package dev.scalpel.runtime.dims;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.runtime.ModelRole;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtRunner;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Runs a model made dynamic at some batch and compares sample i of every output with the original
 * model's output for sample i alone (at batch 1). For models with one float input whose dim 0 is
 * the batch and outputs whose dim 0 is the batch.
 */
final class PerSampleCheck {
  private PerSampleCheck() {}

  /**
   * The worst error over all samples and outputs, each relative to 1 + |expected|.
   *
   * @throws AssertionError if an output's dim 0 is not the batch or its size per sample differs
   */
  static double worstError(Model original, Model dynamic, int batch, long seed) {
    Value input = original.graph().inputs().get(0);
    long[] sampleDims = input.shape().get().staticSizes();
    int sampleSize = (int) Arrays.stream(sampleDims).reduce(1, Math::multiplyExact);
    Random random = new Random(seed);
    float[] data = new float[batch * sampleSize];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextFloat();
    }
    long[] dims = sampleDims.clone();
    dims[0] = batch;
    double worst = 0;
    try (OrtRunner orig = OrtRunner.open(ModelSource.of(original), ModelRole.ORIGINAL);
        OrtRunner dyn = OrtRunner.open(ModelSource.of(dynamic), ModelRole.REWRITTEN)) {
      Map<String, Tensor> got = dyn.run(Map.of(input.name(), DenseTensor.ofFloats(input.name(), dims, data))).outputs();
      for (int s = 0; s < batch; s++) {
        float[] sample = Arrays.copyOfRange(data, s * sampleSize, (s + 1) * sampleSize);
        Map<String, Tensor> expected = orig.run(Map.of(input.name(), DenseTensor.ofFloats(input.name(), sampleDims, sample)))
            .outputs();
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
          Tensor actual = got.get(e.getKey());
          if (actual.dims()[0] != batch) {
            throw new AssertionError("output " + e.getKey() + " " + Arrays.toString(actual.dims()) + " at batch " + batch);
          }
          float[] want = e.getValue().toFloatArray();
          float[] all = actual.toFloatArray();
          if (all.length != want.length * batch) {
            throw new AssertionError("output " + e.getKey() + " holds " + all.length + " values at batch " + batch
                + ", the original " + want.length + " per sample");
          }
          for (int k = 0; k < want.length; k++) {
            worst = Math.max(worst, Math.abs(all[s * want.length + k] - want[k]) / (1 + Math.abs(want[k])));
          }
        }
      }
    }
    return worst;
  }
}
