package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.rewrite.RewriteBuilder;
import java.util.List;

/**
 * Emits a Squeeze or Unsqueeze with the given axes in the same form as a template node of the
 * model: the {@code axes} attribute when the template has one (opset &lt; 13), else a constant
 * int64 second input (opset ≥ 13).
 */
final class SqueezeAxesForm {
  private SqueezeAxesForm() {}

  static Value emit(RewriteBuilder r, Node template, Value x, long[] axes) {
    if (Axes.asAttribute(template)) {
      return r.op(template.opType(), List.of(x), List.of(Attribute.ofInts("axes", axes)), template.name());
    }
    Value axesValue = r.constant(template.opType().toLowerCase(java.util.Locale.ROOT) + "_axes",
        DenseTensor.ofLongs("", new long[] {axes.length}, axes));
    return r.op(template.opType(), List.of(x, axesValue), List.of(), template.name());
  }
}
