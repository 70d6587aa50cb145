package dev.scalpel.passes.trt;

import dev.scalpel.opset.lint.trt.TrtVersion;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.passes.common.RemoveUnused;
import dev.scalpel.passes.fold.ConstantEvaluator;
import dev.scalpel.passes.fold.FoldConstants;
import java.util.ArrayList;
import java.util.List;

/**
 * The safe repairs of {@code scalpel trt --fix}, in order: infer shapes; fold constants, so that
 * axes, pads, K and similar inputs computed from constants become the initializers the parser
 * needs (reference A.5/A.9); for TensorRT 8.6, store INT64 initializers as INT32 where that keeps
 * the meaning ({@link NarrowInt64Initializers}); remove what became unused. Each keeps the model's
 * meaning by construction; the command still checks the result with ONNX Runtime.
 */
public final class TrtRepairs {
  private TrtRepairs() {}

  /**
   * @param fallback evaluates ops without a Java kernel while folding (ONNX Runtime in practice); null folds with Java
   *     kernels only
   */
  public static List<ModelPass> pipeline(TrtVersion version, ConstantEvaluator fallback) {
    List<ModelPass> passes = new ArrayList<>();
    passes.add(new InferShapes());
    FoldConstants.Options fold = FoldConstants.Options.defaults();
    passes.add(new FoldConstants(fallback == null ? fold : fold.withFallback(fallback)));
    if (!version.nativeInt64()) {
      passes.add(new NarrowInt64Initializers.AsPass());
    }
    passes.add(new RemoveUnused());
    return passes;
  }
}
