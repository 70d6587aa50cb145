package dev.scalpel.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.scalpel.graph.Model;
import dev.scalpel.runtime.simplify.SimplifyOptions;
import dev.scalpel.runtime.simplify.Simplifier;

/**
 * The simplify pipeline ({@code passes.Pipelines#SIMPLIFY} to a fixed point, verified after each
 * pass, through {@code Simplifier} with its ONNX Runtime check off and Java kernels only) on byte
 * mutations of valid models (seeds: the models in {@code seeds/}, copied into this target's inputs
 * folder). An admitted model simplifies without any exception, to a model that writes and loads again.
 */
class SimplifyFuzzTest {
  private static final SimplifyOptions OPTIONS = SimplifyOptions.defaults().withValidate(false)
      .withFoldWithOnnxRuntime(false);

  @FuzzTest
  void simplifyMutatedModel(byte[] bytes) {
    Model model = FuzzContract.admitted(bytes);
    if (model == null) {
      return;
    }
    FuzzContract.assertWritesLoadable(Simplifier.simplify(model, OPTIONS).model(), "simplify");
  }
}
