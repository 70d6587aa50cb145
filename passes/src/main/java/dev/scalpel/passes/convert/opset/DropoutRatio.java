package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.HalfFloats;
import dev.scalpel.graph.tensor.SmallFloats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
      // NOTE: the element count is checked before the read: a hostile model may give an empty tensor.
      if (t.isEmpty() || t.get().dataType() != DataType.BOOL || t.get().elementCount() != 1
          || t.get().data().get(0) != 0) {
        throw context.refuse(node, "training_mode is not a constant false; before opset 12 Dropout has no training input");
      }
    }
    List<Value> inputs = new ArrayList<>(node.inputs().subList(0, 1));
    if (ConversionContext.given(node, 1)) {
      Optional<Tensor> r = dev.scalpel.graph.Constants.of(node.input(1));
      if (r.isEmpty()) {
        throw context.refuse(node, "its ratio is computed at run time; before opset 12 it is an attribute");
      }
      if (r.get().elementCount() != 1) {
        throw context.refuse(node, "its ratio has " + r.get().elementCount() + " elements; before opset 12 it is one "
            + "float attribute");
      }
      float value = ratio(r.get()).orElseThrow(() -> context.refuse(node, "its ratio is of element type "
          + r.get().dataType().displayName() + ", which has no float attribute form"));
      node.setAttribute(Attribute.of("ratio", value));
    }
    node.setInputs(inputs);
    context.note(node, "ratio input became an attribute");
    return node;
  }

  /**
   * The value of a one-element ratio of a floating-point type Dropout allows (float, float16,
   * double, bfloat16, the float8 types of Dropout-22), exact in {@code float} except for a double;
   * empty for any other element type.
   */
  private static Optional<Float> ratio(Tensor r) {
    ByteBuffer b = r.data().order(ByteOrder.LITTLE_ENDIAN);
    DataType type = r.dataType();
    return switch (type) {
      case FLOAT -> Optional.of(b.getFloat(0));
      case FLOAT16 -> Optional.of(HalfFloats.halfToFloat(b.getShort(0)));
      case BFLOAT16 -> Optional.of(HalfFloats.bfloat16ToFloat(b.getShort(0)));
      case DOUBLE -> Optional.of((float) b.getDouble(0));
      default -> SmallFloats.handles(type) && type.bitWidth() == 8
          ? Optional.of(SmallFloats.toFloat(type, b.get(0) & 0xff)) : Optional.empty();
    };
  }
}
