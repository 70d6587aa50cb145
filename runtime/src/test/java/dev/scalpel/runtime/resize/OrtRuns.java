package dev.scalpel.runtime.resize;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.runtime.ModelRole;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtRunner;
import java.util.Map;
import java.util.Random;

/** Runs a model once through ONNX Runtime; seeded random float inputs. */
final class OrtRuns {
  private OrtRuns() {}

  static Tensor run(Model model, Map<String, Tensor> inputs) {
    try (OrtRunner r = OrtRunner.open(ModelSource.of(model), ModelRole.REWRITTEN)) {
      return r.run(inputs).outputs().values().iterator().next();
    }
  }

  static DenseTensor randomFloats(String name, long seed, long... dims) {
    Random random = new Random(seed);
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    float[] v = new float[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextFloat();
    }
    return DenseTensor.ofFloats(name, dims, v);
  }

  static DenseTensor scalar(String name, float value) {
    return DenseTensor.ofFloats(name, new long[0], value);
  }
}
