package dev.scalpel.runtime.simplify;

import dev.scalpel.passes.Pipelines;
import dev.scalpel.passes.dims.InputShape;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.runtime.CheckOptions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link Simplifier} does. Immutable; start from {@link #defaults()} and derive with the
 * {@code with...} methods.
 *
 * @param inputShapes new shapes of graph inputs, applied before the pipeline (onnx-simplifier's
 *     {@code --overwrite-input-shape}); the check then runs both models at these shapes
 * @param pipeline the pass ids to run, in order, repeated to a fixed point ({@link Pipelines#SIMPLIFY}
 *     unless the user selects passes)
 * @param skip pass ids left out of the pipeline, or ids of single rewrite rules left out of the
 *     {@code rewrite} pass (such as {@code fuse-batchnorm-into-conv})
 * @param maxFoldOutputBytes the folding budget ({@code --fold-budget}, see {@link Pipelines.Options#foldBudget})
 * @param foldWithOnnxRuntime whether folding may use ONNX Runtime for ops without a Java kernel
 * @param foldQdq whether folding may turn quantized weights into float ones (off: every
 *     DequantizeLinear and Q→DQ pair stays, see FoldConstants.Options#foldQdq)
 * @param dropUnusedInputs whether graph inputs that nothing reads are removed (kept by default, so
 *     the model's signature does not change)
 * @param validate whether the result is checked against the original through ONNX Runtime
 * @param check the settings of that check
 * @param maxRounds cap on the rounds of the pipeline
 */
public record SimplifyOptions(
    List<InputShape> inputShapes,
    List<String> pipeline,
    Set<String> skip,
    long maxFoldOutputBytes,
    boolean foldWithOnnxRuntime,
    boolean foldQdq,
    boolean dropUnusedInputs,
    boolean validate,
    CheckOptions check,
    int maxRounds) {

  /** Rounds of the pipeline before {@link Simplifier} stops looking for a fixed point. */
  public static final int DEFAULT_MAX_ROUNDS = 10;

  public SimplifyOptions {
    inputShapes = List.copyOf(inputShapes);
    pipeline = List.copyOf(pipeline);
    skip = Set.copyOf(new LinkedHashSet<>(skip));
    Objects.requireNonNull(check, "check");
    if (maxRounds < 1) {
      throw new IllegalArgumentException("maxRounds must be at least 1");
    }
    if (maxFoldOutputBytes < 0) {
      throw new IllegalArgumentException("maxFoldOutputBytes must not be negative");
    }
  }

  /** The default pipeline, ONNX Runtime folding, unused inputs kept, validation on. */
  public static SimplifyOptions defaults() {
    return new SimplifyOptions(List.of(), Pipelines.simplifyIds(), Set.of(), FoldConstants.Options.DEFAULT_FOLD_BUDGET,
        true, false, false, true, CheckOptions.defaults(), DEFAULT_MAX_ROUNDS);
  }

  public SimplifyOptions withInputShapes(List<InputShape> shapes) {
    return new SimplifyOptions(shapes, pipeline, skip, maxFoldOutputBytes, foldWithOnnxRuntime, foldQdq, dropUnusedInputs, validate, check, maxRounds);
  }

  public SimplifyOptions withPipeline(List<String> ids) {
    return new SimplifyOptions(inputShapes, ids, skip, maxFoldOutputBytes, foldWithOnnxRuntime, foldQdq, dropUnusedInputs, validate, check, maxRounds);
  }

  public SimplifyOptions withSkip(Set<String> ids) {
    return new SimplifyOptions(inputShapes, pipeline, ids, maxFoldOutputBytes, foldWithOnnxRuntime, foldQdq, dropUnusedInputs, validate, check, maxRounds);
  }

  public SimplifyOptions withMaxFoldOutputBytes(long bytes) {
    return new SimplifyOptions(inputShapes, pipeline, skip, bytes, foldWithOnnxRuntime, foldQdq, dropUnusedInputs, validate, check, maxRounds);
  }

  public SimplifyOptions withFoldWithOnnxRuntime(boolean ort) {
    return new SimplifyOptions(inputShapes, pipeline, skip, maxFoldOutputBytes, ort, foldQdq, dropUnusedInputs, validate, check, maxRounds);
  }

  public SimplifyOptions withFoldQdq(boolean fold) {
    return new SimplifyOptions(inputShapes, pipeline, skip, maxFoldOutputBytes, foldWithOnnxRuntime, fold, dropUnusedInputs, validate, check, maxRounds);
  }

  public SimplifyOptions withDropUnusedInputs(boolean drop) {
    return new SimplifyOptions(inputShapes, pipeline, skip, maxFoldOutputBytes, foldWithOnnxRuntime, foldQdq, drop, validate, check, maxRounds);
  }

  public SimplifyOptions withValidate(boolean on) {
    return new SimplifyOptions(inputShapes, pipeline, skip, maxFoldOutputBytes, foldWithOnnxRuntime, foldQdq, dropUnusedInputs, on, check, maxRounds);
  }

  public SimplifyOptions withCheck(CheckOptions options) {
    return new SimplifyOptions(inputShapes, pipeline, skip, maxFoldOutputBytes, foldWithOnnxRuntime, foldQdq, dropUnusedInputs, validate, options, maxRounds);
  }

  public SimplifyOptions withMaxRounds(int rounds) {
    return new SimplifyOptions(inputShapes, pipeline, skip, maxFoldOutputBytes, foldWithOnnxRuntime, foldQdq, dropUnusedInputs, validate, check, rounds);
  }
}
