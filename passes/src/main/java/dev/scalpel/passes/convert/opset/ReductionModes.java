package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;

/** ScatterElements and ScatterND gained the {@code max} and {@code min} reductions at 18. */
final class ReductionModes implements OpAdapter {
  @Override
  public Node upgrade(Node node, ConversionContext context) {
    return node;
  }

  @Override
  public Node downgrade(Node node, ConversionContext context) {
    String r = node.attribute("reduction").map(a -> ((Attribute.StringAttr) a).value()).orElse("none");
    if (r.equals("max") || r.equals("min")) {
      throw context.refuse(node, "reduction " + r + " does not exist before opset 18");
    }
    return node;
  }
}
