package dev.scalpel.passes.dims;

import dev.scalpel.graph.Node;
import java.util.Arrays;
import java.util.Optional;

/**
 * A Slice that takes the whole of the symbol's axis at the old size (start 0, end the old size,
 * step 1) ends at the largest index instead, so it takes the whole axis at every size.
 *
 * <p>Proof: on the symbol's axis the slice is the identity at the old size, and with the end at
 * INT64_MAX (clamped to the dim) it is the identity at every size; so each sample is sliced as it
 * was alone.
 */
final class SliceEndRewrite implements ConstantRewrite {
  @Override
  public Optional<String> apply(Node node, SymbolOrigin origin, long opset) {
    if (!node.isDefaultDomain() || !node.opType().equals("Slice") || opset < 10 || node.inputs().size() < 3
        || SymbolicDims.carries(node.output(0), origin.symbol())) {
      return Optional.empty();
    }
    int axis = SymbolicDims.soleAxis(node.input(0), origin.symbol());
    int rank = node.input(0).shape().map(s -> s.rank()).orElse(-1);
    Optional<long[]> starts = ShapeConstants.vector(node.input(1), opset);
    Optional<long[]> ends = ShapeConstants.vector(node.input(2), opset);
    if (axis == SymbolicDims.NONE || starts.isEmpty() || ends.isEmpty() || starts.get().length != ends.get().length) {
      return Optional.empty();
    }
    int n = ends.get().length;
    long[] axes = new long[n];
    Arrays.setAll(axes, i -> i);
    if (node.inputs().size() > 3 && node.input(3) != null) {
      Optional<long[]> given = ShapeConstants.vector(node.input(3), opset);
      if (given.isEmpty() || given.get().length != n) {
        return Optional.empty();
      }
      axes = given.get();
    }
    long[] steps = null;
    if (node.inputs().size() > 4 && node.input(4) != null) {
      steps = ShapeConstants.vector(node.input(4), opset).orElse(null);
      if (steps == null || steps.length != n) {
        return Optional.empty();
      }
    }
    for (int j = 0; j < n; j++) {
      long ax = axes[j] < 0 ? axes[j] + rank : axes[j];
      if (ax != axis) {
        continue;
      }
      long start = starts.get()[j];
      boolean fromStart = start == 0 || (origin.originalSize() != null && start == -origin.originalSize());
      if ((steps != null && steps[j] != 1) || !fromStart || !origin.isOriginal(ends.get()[j])) {
        return Optional.empty();
      }
      long[] rewritten = ends.get().clone();
      rewritten[j] = Long.MAX_VALUE;
      ShapeConstants.replace(node, 2, rewritten);
      return Optional.of(node.describe() + ": ends " + Arrays.toString(ends.get()) + " -> " + Arrays.toString(rewritten)
          + " (slice " + j + " takes all of axis " + axis + ", which is " + origin.symbol() + ")");
    }
    return Optional.empty();
  }
}
