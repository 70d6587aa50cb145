package dev.scalpel.runtime.resize;

import dev.scalpel.runtime.CorpusModels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.passes.resize.ParameterizeResize;
import dev.scalpel.runtime.ModelSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reference SRCNN (bicubic Resize-11 with baked scales [1,1,3,3], then three convs),
 * parameterized: at factor 2, 3 and 4 its output is 2x, 3x and 4x the 32x32 input, and at factor 3
 * it equals the original model's output (both through ONNX Runtime).
 */
@Tag("corpus")
class SrcnnParameterizedTest {

  @Test
  void factorInputScalesTheOutputAndFactorThreeReproducesTheOriginal() throws IOException {
    Path file = CorpusModels.model("seed_srcnn_fixed_x3.onnx");
    Model original = ModelSource.read(file).model();
    Model rewritten = ModelSource.read(file).model();
    new ParameterizeResize().apply(rewritten).notes().forEach(d -> System.out.println("srcnn parameterize: " + d));

    Shape out = rewritten.graph().outputs().get(0).shape().orElseThrow();
    assertThat(out.dim(2)).isInstanceOf(Dim.Symbolic.class);
    assertThat(out.dim(3)).isInstanceOf(Dim.Symbolic.class);

    Tensor x = OrtRuns.randomFloats("input", 11, 1, 3, 32, 32);
    Tensor reference = OrtRuns.run(original, Map.of("input", x));
    for (int factor = 2; factor <= 4; factor++) {
      Tensor y = OrtRuns.run(rewritten, Map.of("input", x, "factor", OrtRuns.scalar("factor", factor)));
      System.out.println("srcnn parameterized, factor " + factor + ": output " + java.util.Arrays.toString(y.dims()));
      assertThat(y.dims()).containsExactly(1, 3, 32L * factor, 32L * factor);
      if (factor == 3) {
        float[] a = y.toFloatArray();
        float[] e = reference.toFloatArray();
        double maxAbs = 0;
        for (int i = 0; i < a.length; i++) {
          maxAbs = Math.max(maxAbs, Math.abs(a[i] - e[i]));
        }
        System.out.println("srcnn parameterized, factor 3 vs original: max abs diff " + maxAbs);
        assertThat(a).containsExactly(e);
      }
    }
  }
}
