package dev.scalpel.passes.fold;

import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.passes.common.RemoveUnused;

/**
 * The pipeline behind {@code scalpel fold} (and its benchmark): infer-shapes, fold-constants,
 * remove-unused, repeated until nothing changes (at most {@link #MAX_ITERATIONS} times). Shape
 * inference first, because folding reads shapes as annotated; again after folding, because folded
 * values make more shapes static.
 */
public final class FoldPipeline {
  /** The cap on pipeline iterations; real models reach the fixed point in two or three. */
  public static final int MAX_ITERATIONS = 4;

  private FoldPipeline() {}

  /** A fresh pipeline folding with {@code options}. */
  public static PassManager of(FoldConstants.Options options) {
    return PassManager.builder()
        .add(new InferShapes())
        .add(new FoldConstants(options))
        .add(new RemoveUnused())
        .repeatUntilFixedPoint(MAX_ITERATIONS)
        .build();
  }
}
