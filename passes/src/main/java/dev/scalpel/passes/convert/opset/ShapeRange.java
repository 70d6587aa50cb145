package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.List;

/**
 * Shape-15's {@code start}/{@code end}: below 15 the slice of the shape is a Slice of the whole
 * shape. Up there is nothing to do.
 */
final class ShapeRange implements OpAdapter {
  @Override
  public Node upgrade(Node node, ConversionContext context) {
    return node;
  }

  @Override
  public Node downgrade(Node node, ConversionContext context) {
    long start = node.intAttribute("start", 0);
    boolean hasEnd = node.attribute("end").isPresent();
    node.removeAttribute("start");
    node.removeAttribute("end");
    if (start == 0 && !hasEnd) {
      return node;
    }
    long end = hasEnd ? node.intAttribute("end", Long.MAX_VALUE) : Long.MAX_VALUE;
    Value starts = context.int64s(node, node.name() + "_start", start);
    Value ends = context.int64s(node, node.name() + "_end", end);
    Value axes = context.int64s(node, node.name() + "_axes", 0);
    ConversionContext.follow(node, "Slice", List.of(starts, ends, axes));
    context.note(node, "start/end became a Slice of the shape (before opset 15)");
    return node;
  }
}
