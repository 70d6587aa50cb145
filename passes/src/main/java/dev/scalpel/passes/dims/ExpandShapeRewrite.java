package dev.scalpel.passes.dims;

import dev.scalpel.graph.Node;
import java.util.Arrays;
import java.util.Optional;

/**
 * An Expand whose constant shape repeats the old size where its input already carries the symbol
 * (only possible for an old size other than 1): the entry becomes 1, which broadcasting resolves
 * to the input's own dim.
 *
 * <p>Proof: the entry lines up (right-aligned, as broadcasting aligns) with the input's axis that
 * is exactly the symbol, so at the old size Expand keeps that dim as it is; with 1 it keeps it at
 * every size and each sample is expanded as it was alone.
 */
final class ExpandShapeRewrite implements ConstantRewrite {
  @Override
  public Optional<String> apply(Node node, SymbolOrigin origin, long opset) {
    if (!node.isDefaultDomain() || !node.opType().equals("Expand") || opset < 8 || node.inputs().size() < 2
        || origin.isOriginal(1) || SymbolicDims.carries(node.output(0), origin.symbol())) {
      return Optional.empty();
    }
    int axis = SymbolicDims.soleAxis(node.input(0), origin.symbol());
    Optional<long[]> shape = ShapeConstants.vector(node.input(1), opset);
    if (axis == SymbolicDims.NONE || shape.isEmpty()) {
      return Optional.empty();
    }
    int rank = node.input(0).shape().get().rank();
    int j = axis + shape.get().length - rank;
    if (j < 0 || j >= shape.get().length || !origin.isOriginal(shape.get()[j])) {
      return Optional.empty();
    }
    long[] rewritten = shape.get().clone();
    rewritten[j] = 1;
    ShapeConstants.replace(node, 1, rewritten);
    return Optional.of(node.describe() + ": shape " + Arrays.toString(shape.get()) + " -> " + Arrays.toString(rewritten)
        + " (entry " + j + " lines up with input axis " + axis + ", which is " + origin.symbol() + ")");
  }
}
