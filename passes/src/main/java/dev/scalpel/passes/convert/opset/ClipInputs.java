package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Clip-6 (attributes min, max) → Clip-11 (optional inputs min, max of the input's type). */
final class ClipInputs implements OpAdapter {
  @Override
  public Node upgrade(Node node, ConversionContext context) {
    Optional<Attribute> min = node.attribute("min");
    Optional<Attribute> max = node.attribute("max");
    if (min.isEmpty() && max.isEmpty()) {
      return node;
    }
    DataType type = node.input(0).dataType().orElseThrow(() -> context.refuse(node, "the type of its input is not known"));
    List<Value> inputs = new ArrayList<>();
    inputs.add(node.input(0));
    inputs.add(min.isPresent() ? context.scalar(node, node.name() + "_min", type, ((Attribute.FloatAttr) min.get()).value()) : null);
    if (max.isPresent()) {
      inputs.add(context.scalar(node, node.name() + "_max", type, ((Attribute.FloatAttr) max.get()).value()));
    }
    node.setInputs(inputs);
    node.removeAttribute("min");
    node.removeAttribute("max");
    context.note(node, "min/max became inputs");
    return node;
  }

  @Override
  public Node downgrade(Node node, ConversionContext context) {
    throw context.refuse(node, "Clip-6 is below the oldest target opset");
  }
}
