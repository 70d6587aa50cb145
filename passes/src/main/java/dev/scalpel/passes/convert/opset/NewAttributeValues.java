package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import java.util.Set;

/**
 * A string attribute that gained values at an opset whose signature otherwise did not change
 * (Resize's {@code half_pixel_symmetric} coordinates and Pad's {@code wrap} mode at 19,
 * ScatterElements/ScatterND's {@code max}/{@code min} reductions at 18): up there is nothing to
 * do; down, a node that uses one of the new values is refused.
 */
final class NewAttributeValues implements OpAdapter {
  private final String attribute;
  private final Set<String> values;

  NewAttributeValues(String attribute, String... values) {
    this.attribute = attribute;
    this.values = Set.of(values);
  }

  @Override
  public Node upgrade(Node node, ConversionContext context) {
    return node;
  }

  @Override
  public Node downgrade(Node node, ConversionContext context) {
    String v = node.attribute(attribute).filter(a -> a instanceof Attribute.StringAttr)
        .map(a -> ((Attribute.StringAttr) a).value()).orElse("");
    if (values.contains(v)) {
      throw context.refuse(node, attribute + " " + v + " does not exist before opset " + context.boundary());
    }
    return node;
  }
}
