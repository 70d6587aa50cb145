package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.List;

/**
 * Softmax, LogSoftmax and Hardmax at opset 13: before, the input is coerced to 2-D at {@code axis}
 * (default 1) and normalized over everything from {@code axis} on; from 13, over the one axis
 * {@code axis} (default -1). The two agree when the axis is the last one.
 *
 * <p>Up, an axis that is not the last becomes {@code Reshape(OP(Flatten(x, axis), axis=-1),
 * Shape(x))}. Down, an axis that is not the last becomes {@code Transpose(OP(Transpose(x) with the
 * axis last, axis=-1))} back. Either way the rank must be known from shape inference.
 */
final class SoftmaxAxis implements OpAdapter {
  @Override
  public Node upgrade(Node node, ConversionContext context) {
    int rank = ConversionContext.rank(node.input(0));
    long axis = node.intAttribute("axis", 1);
    if (axis == -1 || (rank >= 0 && axis == rank - 1)) {
      node.setAttribute(Attribute.of("axis", -1L));
      return node;
    }
    if (rank < 0) {
      throw context.refuse(node, "axis " + axis + " of an input of unknown rank: its 2-D coercion cannot be written");
    }
    Value x = node.input(0);
    long a = axis < 0 ? axis + rank : axis;
    Value flat = context.before(node, "Flatten", List.of(x), 1, Attribute.of("axis", a)).output(0);
    Value shape = context.before(node, "Shape", List.of(x), 1).output(0);
    node.replaceInput(0, flat);
    node.setAttribute(Attribute.of("axis", -1L));
    ConversionContext.follow(node, "Reshape", List.of(shape));
    context.note(node, "axis " + axis + " coerced to 2-D with Flatten and Reshape");
    return node;
  }

  @Override
  public Node downgrade(Node node, ConversionContext context) {
    int rank = ConversionContext.rank(node.input(0));
    long axis = node.intAttribute("axis", -1);
    if (axis == -1 || (rank >= 0 && axis == rank - 1)) {
      node.setAttribute(Attribute.of("axis", -1L));
      return node;
    }
    if (rank < 0) {
      throw context.refuse(node, "axis " + axis + " of an input of unknown rank cannot be moved last");
    }
    long a = axis < 0 ? axis + rank : axis;
    long[] perm = new long[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      if (i != a) {
        perm[j++] = i;
      }
    }
    perm[rank - 1] = a;
    long[] inverse = new long[rank];
    for (int i = 0; i < rank; i++) {
      inverse[(int) perm[i]] = i;
    }
    Value moved = context.before(node, "Transpose", List.of(node.input(0)), 1, Attribute.ofInts("perm", perm)).output(0);
    node.replaceInput(0, moved);
    node.setAttribute(Attribute.of("axis", -1L));
    ConversionContext.follow(node, "Transpose", List.of(), Attribute.ofInts("perm", inverse));
    context.note(node, "axis " + axis + " moved last with Transposes");
    return node;
  }
}
