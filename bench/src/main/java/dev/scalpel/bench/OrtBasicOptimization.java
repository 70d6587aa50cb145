package dev.scalpel.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;

/**
 * The baseline Scalpel's folding and simplification are measured against: ONNX Runtime's own
 * offline optimisation at the basic level, through its Java API. A session is created from the
 * model's bytes with the optimised model written to a file, then closed; that is what "offline
 * optimisation" means in ONNX Runtime's documentation.
 */
final class OrtBasicOptimization {
  private OrtBasicOptimization() {}

  /** Optimises {@code model} (the bytes of an ONNX file) at the basic level into {@code output}. */
  static void optimize(OrtEnvironment env, byte[] model, Path output) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
      options.setOptimizedModelFilePath(output.toString());
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(model, options)) {
        session.getNumOutputs();
      }
    }
  }
}
