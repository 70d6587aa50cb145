package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Split-18's {@code num_outputs}: from 18 on, a Split without a {@code split} input must say how
 * many outputs it has ({@code num_outputs = outputs}); before 18 it splits equally by its output
 * count. Down, {@code num_outputs} goes away, with a {@code split} input of the sizes when the
 * split axis is static (Split-18 makes the last chunk smaller when the size does not divide).
 */
final class SplitNumOutputs implements OpAdapter {
  @Override
  public Node upgrade(Node node, ConversionContext context) {
    if (!ConversionContext.given(node, 1) && node.attribute("num_outputs").isEmpty()) {
      node.setAttribute(Attribute.of("num_outputs", (long) node.outputs().size()));
      context.note(node, "num_outputs=" + node.outputs().size() + " added");
    }
    return node;
  }

  @Override
  public Node downgrade(Node node, ConversionContext context) {
    if (node.attribute("num_outputs").isEmpty()) {
      return node;
    }
    long n = node.intAttribute("num_outputs", 0);
    node.removeAttribute("num_outputs");
    if (ConversionContext.given(node, 1)) {
      return node;
    }
    long axis = node.intAttribute("axis", 0);
    int rank = ConversionContext.rank(node.input(0));
    Dim dim = rank < 0 ? null : node.input(0).shape().get().dim((int) (axis < 0 ? axis + rank : axis));
    if (!(dim instanceof Dim.Static s)) {
      throw context.refuse(node, "num_outputs=" + n + " over a dim that is not static has no form before opset 18");
    }
    long size = s.value();
    if (size % n == 0) {
      context.note(node, "num_outputs dropped (equal split)");
      return node;
    }
    long chunk = (size + n - 1) / n;
    long[] sizes = new long[(int) n];
    for (int i = 0; i < n; i++) {
      sizes[i] = Math.max(0, Math.min(chunk, size - i * chunk));
    }
    List<dev.scalpel.graph.Value> inputs = new ArrayList<>(node.inputs().subList(0, 1));
    inputs.add(context.int64s(node, node.name() + "_split", sizes));
    node.setInputs(inputs);
    context.note(node, "num_outputs became split sizes " + java.util.Arrays.toString(sizes));
    return node;
  }
}
