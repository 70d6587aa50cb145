package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dropout-10 (attribute ratio) ↔ Dropout-12 (inputs ratio, training_mode). Down, the ratio must be
 * a constant and training_mode absent or a constant false (inference only).
 */
final class DropoutRatio implements OpAdapter {
  @Override
  public Node upgrade(Node node, ConversionContext context) {
    Optional<Attribute> ratio = node.attribute("ratio");
    if (ratio.isEmpty()) {
      return node;
    }
    node.setInputs(List.of(node.input(0),
        context.scalar(node, node.name() + "_ratio", DataType.FLOAT, ((Attribute.FloatAttr) ratio.get()).value())));
    node.removeAttribute("ratio");
    context.note(node, "ratio became input 1");
    return node;
  }

  @Override
  public Node downgrade(Node node, ConversionContext context) {
    if (ConversionContext.given(node, 2)) {
      Optional<Tensor> t = dev.scalpel.graph.Constants.of(node.input(2));
      if (t.isEmpty() || t.get().dataType() != DataType.BOOL || t.get().data().get(0) != 0) {
        throw context.refuse(node, "training_mode is not a constant false; before opset 12 Dropout has no training input");
      }
    }
    List<Value> inputs = new ArrayList<>(node.inputs().subList(0, 1));
    if (ConversionContext.given(node, 1)) {
      Optional<Tensor> r = dev.scalpel.graph.Constants.of(node.input(1));
      if (r.isEmpty() || !r.get().dataType().isFloatingPoint() || r.get().elementCount() != 1) {
        throw context.refuse(node, "its ratio is computed at run time; before opset 12 it is an attribute");
      }
      float value = r.get().dataType() == DataType.FLOAT ? r.get().toFloatArray()[0]
          : r.get().dataType() == DataType.FLOAT16 ? dev.scalpel.graph.tensor.HalfFloats.halfToFloat(
              r.get().data().order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort(0))
          : (float) r.get().data().order(java.nio.ByteOrder.LITTLE_ENDIAN).getDouble(0);
      node.setAttribute(Attribute.of("ratio", value));
    }
    node.setInputs(inputs);
    context.note(node, "ratio input became an attribute");
    return node;
  }
}
