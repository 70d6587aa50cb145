package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Node;
import java.util.Optional;

/**
 * Reshape-14's {@code allowzero}: with 1, a 0 in the shape means a dim of size 0 rather than "copy
 * the input's dim". Down, the attribute is dropped when the two readings agree: it is 0, or the
 * shape is a constant without zeros. A shape computed at run time under {@code allowzero=1} is
 * refused.
 */
final class ReshapeAllowZero implements OpAdapter {
  @Override
  public Node upgrade(Node node, ConversionContext context) {
    return node;
  }

  @Override
  public Node downgrade(Node node, ConversionContext context) {
    if (node.intAttribute("allowzero", 0) != 0) {
      Optional<long[]> shape = ConversionContext.longs(node.input(1));
      if (shape.isEmpty() || java.util.Arrays.stream(shape.get()).anyMatch(d -> d == 0)) {
        throw context.refuse(node, "allowzero=1 with a shape that " + (shape.isEmpty() ? "is computed at run time" : "holds a 0")
            + " has no form before opset 14 (a 0 would copy the input's dim)");
      }
    }
    node.removeAttribute("allowzero");
    return node;
  }
}
