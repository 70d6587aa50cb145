package dev.scalpel.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;

/**
 * The baseline Scalpel's folding and simplification are measured against: ONNX Runtime's own
 * offline optimisation at the basic level, through its Java API. A session is created from the
 * model file with the optimised model written to another file, then closed; that is what "offline
 * optimisation" means in ONNX Runtime's documentation.
 */
final class OrtBasicOptimization {
  private OrtBasicOptimization() {}

  /**
   * Optimises the model file {@code model} at the basic level into {@code output}.
   *
   * @param intraOpThreads ONNX Runtime's intra-op threads, 0 for its default. NOTE: session
   *     creation starts that thread pool; on a busy machine it can dominate, and Scalpel runs on
   *     one thread, so 1 is the like-for-like figure.
   * @return the model's output count (for the benchmark's blackhole)
   */
  static long optimize(OrtEnvironment env, Path model, Path output, int intraOpThreads) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
      options.setOptimizedModelFilePath(output.toString());
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      try (OrtSession session = env.createSession(model.toString(), options)) {
        return session.getNumOutputs();
      }
    }
  }
}
