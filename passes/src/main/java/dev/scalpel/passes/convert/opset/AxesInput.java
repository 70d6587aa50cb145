package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code OP(x)<name=[...]>} ↔ {@code OP(x, [...])}: an int64 list attribute that became input 1.
 * Squeeze and Unsqueeze ({@code axes}), ReduceSum ({@code axes}, opset 13), the other reductions
 * ({@code axes}, opset 18) and Split ({@code split}, opset 13).
 *
 * <p>Down, the input must be a constant (it becomes the attribute again) or absent. Reductions
 * gained {@code noop_with_empty_axes} with the input: down, it is dropped when the axes are given
 * (it only says what empty axes mean), and refused when set with no axes.
 */
final class AxesInput implements OpAdapter {
  private final String attribute;

  AxesInput(String attribute) {
    this.attribute = attribute;
  }

  @Override
  public Node upgrade(Node node, ConversionContext context) {
    Optional<Attribute> a = node.attribute(attribute);
    if (a.isEmpty()) {
      return node;
    }
    long[] values = ((Attribute.IntsAttr) a.get()).value().stream().mapToLong(Long::longValue).toArray();
    List<Value> inputs = new ArrayList<>(node.inputs());
    while (inputs.size() < 1) {
      inputs.add(null);
    }
    inputs.add(1, context.int64s(node, node.name() + "_" + attribute, values));
    node.setInputs(new ArrayList<>(inputs.subList(0, 2)));
    node.removeAttribute(attribute);
    context.note(node, "attribute " + attribute + " became input 1");
    return node;
  }

  @Override
  public Node downgrade(Node node, ConversionContext context) {
    boolean given = ConversionContext.given(node, 1);
    if (node.intAttribute("noop_with_empty_axes", 0) != 0) {
      if (!given) {
        throw context.refuse(node, "noop_with_empty_axes=1 without axes has no form before opset " + context.boundary());
      }
      node.removeAttribute("noop_with_empty_axes");
    } else if (node.attribute("noop_with_empty_axes").isPresent()) {
      node.removeAttribute("noop_with_empty_axes");
    }
    if (!given) {
      if (node.inputs().size() > 1) {
        node.setInputs(List.of(node.input(0)));
      }
      return node;
    }
    long[] values = ConversionContext.longs(node.input(1)).orElseThrow(() -> context.refuse(node,
        "its " + attribute + " input '" + node.input(1).name() + "' is computed at run time; before opset "
            + context.boundary() + " it must be an attribute"));
    node.setInputs(List.of(node.input(0)));
    node.setAttribute(Attribute.ofInts(attribute, values));
    context.note(node, "input 1 became attribute " + attribute);
    return node;
  }
}
