package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.List;

/** Pad's change at 11: {@code pads} and {@code value} became inputs (19's {@code wrap} is {@link NewAttributeValues}). */
final class PadForms {
  private PadForms() {}

  /** Pad-2 (attributes pads, value) → Pad-11 (inputs pads, constant_value). */
  static final class At11 implements OpAdapter {
    @Override
    public Node upgrade(Node node, ConversionContext context) {
      Attribute.IntsAttr pads = (Attribute.IntsAttr) node.attribute("pads").orElseThrow(() -> context.refuse(node, "no pads"));
      float value = node.floatAttribute("value", 0f);
      List<Value> inputs = new ArrayList<>();
      inputs.add(node.input(0));
      inputs.add(context.int64s(node, node.name() + "_pads", pads.value().stream().mapToLong(Long::longValue).toArray()));
      if (value != 0f) {
        DataType type = node.input(0).dataType().orElseThrow(() -> context.refuse(node, "the type of its input is not known"));
        inputs.add(context.scalar(node, node.name() + "_value", type, value));
      }
      node.setInputs(inputs);
      node.removeAttribute("pads");
      node.removeAttribute("value");
      context.note(node, "pads and value became inputs");
      return node;
    }

    @Override
    public Node downgrade(Node node, ConversionContext context) {
      throw context.refuse(node, "Pad-2 is below the oldest target opset");
    }
  }
}
