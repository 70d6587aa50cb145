package dev.scalpel.passes.dims;

import dev.scalpel.graph.Node;
import java.util.Arrays;
import java.util.Optional;

/**
 * A Reshape whose constant target hard-codes the symbol's old size at the axis where its input
 * carries the symbol: the entry becomes 0 (copy the input's dim), or -1 under {@code allowzero}.
 *
 * <p>Proof: the input's dim at axis a is exactly the symbol, and the symbol occurs nowhere else in
 * its shape; the target's entry a is the old size; every entry before a equals the input's dim
 * there (or copies it). So the output keeps the input's leading dims up to and including the
 * symbol's axis, which in row-major order means each slice along the symbol stays whole and in
 * place: sample i of the output is the reshape of sample i of the input. At the old size the
 * rewritten target resolves to the old target.
 */
final class ReshapeTargetRewrite implements ConstantRewrite {
  @Override
  public Optional<String> apply(Node node, SymbolOrigin origin, long opset) {
    if (!node.isDefaultDomain() || !node.opType().equals("Reshape") || opset < 5 || node.inputs().size() < 2
        || SymbolicDims.carries(node.output(0), origin.symbol())) {
      return Optional.empty();
    }
    int axis = SymbolicDims.soleAxis(node.input(0), origin.symbol());
    Optional<long[]> target = ShapeConstants.vector(node.input(1), opset);
    if (axis == SymbolicDims.NONE || target.isEmpty()) {
      return Optional.empty();
    }
    long[] t = target.get();
    if (axis >= t.length || !origin.isOriginal(t[axis])) {
      return Optional.empty();
    }
    for (int k = 0; k < axis; k++) {
      if (t[k] != 0 && t[k] != SymbolicDims.staticSize(node.input(0), k)) {
        return Optional.empty();
      }
    }
    boolean allowZero = opset >= 14 && node.intAttribute("allowzero", 0) == 1;
    long[] rewritten = t.clone();
    if (!allowZero) {
      rewritten[axis] = 0;
    } else if (Arrays.stream(t).noneMatch(v -> v == -1)) {
      // NOTE: with allowzero a 0 would mean a zero-sized dim; -1 takes the rest of the element
      // count, which is the symbol since the other entries multiply to the per-sample count.
      rewritten[axis] = -1;
    } else {
      return Optional.empty();
    }
    ShapeConstants.replace(node, 1, rewritten);
    return Optional.of(node.describe() + ": target " + Arrays.toString(t) + " -> " + Arrays.toString(rewritten)
        + " (entry " + axis + " is input axis " + axis + ", which is " + origin.symbol() + ")");
  }
}
