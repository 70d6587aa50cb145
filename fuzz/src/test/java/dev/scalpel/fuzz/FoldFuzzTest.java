package dev.scalpel.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.scalpel.graph.Model;
import dev.scalpel.passes.Pipelines;
import dev.scalpel.runtime.OrtEvaluator;

/**
 * Constant folding (the {@code fold} preset: infer-shapes, fold-constants, remove-unused to a fixed
 * point) on graphs whose sources are all initializers ({@link GraphGenerator}), once admitted: with
 * the Java kernels only, and with ONNX Runtime for the ops without one. Folding skips what it cannot
 * evaluate, with a diagnostic; it never throws, and leaves a graph the verifier accepts, which writes and loads again.
 */
class FoldFuzzTest {
  @FuzzTest
  void foldWithJavaKernels(FuzzedDataProvider data) {
    fold(data, Pipelines.Options.defaults());
  }

  @FuzzTest
  void foldWithOnnxRuntime(FuzzedDataProvider data) {
    fold(data, Pipelines.Options.defaults().withFallback(new OrtEvaluator()));
  }

  private static void fold(FuzzedDataProvider data, Pipelines.Options options) {
    byte[] bytes = GeneratedModels.bytes(data, true, 6);
    Model model = bytes == null ? null : FuzzContract.admitted(bytes);
    if (model == null) {
      return;
    }
    Pipelines.fold(options).run(model);
    FuzzContract.assertVerifies(model, "fold");
    FuzzContract.assertWritesLoadable(model, "fold");
  }
}
