package dev.scalpel.runtime.dims;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.dims.DimChange;
import dev.scalpel.passes.dims.MakeDynamic;
import dev.scalpel.passes.dims.ModelsWithFixedBatch;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.ModelRole;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtRunner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each constant rewrite of MakeDynamic, run in ONNX Runtime: at the exported batch the rewritten
 * model equals the original ({@link EquivalenceChecker}); at another batch it computes what the
 * model means per element (every model here is Relu of a reshaped or sliced x, so the expected
 * output is Relu of x in row-major order, computed here by hand).
 */
class ConstantRewritesRunTest {

  private static float[] counting(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (i % 3 == 0 ? -1 : 1) * (i + 0.5f);
    }
    return v;
  }

  private static float[] relu(float[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.max(0, v[i]);
    }
    return out;
  }

  /** Rewrites {@code model}, checks it at the old batch, runs it with x of {@code dims}. */
  private static Tensor rewriteAndRun(Model model, int axis, long[] dims) {
    Model rewritten = model.deepCopy();
    MakeDynamic.Result r = new MakeDynamic(List.of(new DimChange("x", axis, Dim.of("batch")))).apply(rewritten);
    assertThat(r.findings()).isEmpty();
    assertThat(r.rewrites()).hasSize(1);
    EquivalenceReport same = EquivalenceChecker.check(model, rewritten, CheckOptions.defaults());
    assertThat(same.passed()).as(same.toString()).isTrue();
    int n = (int) java.util.Arrays.stream(dims).reduce(1, Math::multiplyExact);
    try (OrtRunner runner = OrtRunner.open(ModelSource.of(rewritten), ModelRole.REWRITTEN)) {
      return runner.run(Map.of("x", DenseTensor.ofFloats("x", dims, counting(n)))).outputs().get("y");
    }
  }

  @Test
  void sliceOverTheWholeBatch() {
    Tensor y = rewriteAndRun(ModelsWithFixedBatch.sliceAll(1), 0, new long[] {3, 2});
    assertThat(y.shape()).isEqualTo(Shape.of(3, 2));
    assertThat(y.toFloatArray()).containsExactly(relu(counting(6)));
  }

  @Test
  void expandOfTheOldBatchBroadcasts() {
    Tensor y = rewriteAndRun(ModelsWithFixedBatch.expandToBatch(), 0, new long[] {5, 3});
    assertThat(y.shape()).isEqualTo(Shape.of(5, 3));
    assertThat(y.toFloatArray()).containsExactly(relu(counting(15)));
  }

  @Test
  void reshapeUnderAllowzeroTakesTheRest() {
    Tensor y = rewriteAndRun(ModelsWithFixedBatch.reshape(Shape.of(1, 2, 3), new long[] {1, 6}, true), 0,
        new long[] {4, 2, 3});
    assertThat(y.shape()).isEqualTo(Shape.of(4, 6));
    assertThat(y.toFloatArray()).containsExactly(relu(counting(24)));
  }

  @Test
  void reshapeWithTheBatchSecond() {
    Tensor y = rewriteAndRun(ModelsWithFixedBatch.reshape(Shape.of(3, 1, 4), new long[] {3, 1, 2, 2}, false), 1,
        new long[] {3, 2, 4});
    assertThat(y.shape()).isEqualTo(Shape.of(3, 2, 2, 2));
    assertThat(y.toFloatArray()).containsExactly(relu(counting(24)));
  }
}
