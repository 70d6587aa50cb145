package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;

/**
 * BatchNormalization at 14: the running statistics were renamed ({@code mean} → {@code
 * input_mean}, {@code var} → {@code input_var}, same positions and meaning), the training outputs
 * changed ({@code saved_mean}/{@code saved_var} gone, running statistics only with {@code
 * training_mode=1}) and {@code training_mode} appeared. An inference node (only Y) crosses as it is;
 * one whose other outputs are used, or in training mode, is refused.
 */
final class BatchNormTraining implements OpAdapter {
  @Override
  public Node upgrade(Node node, ConversionContext context) {
    requireInference(node, context);
    return node;
  }

  @Override
  public Node downgrade(Node node, ConversionContext context) {
    if (node.intAttribute("training_mode", 0) != 0) {
      throw context.refuse(node, "training_mode=1 has no equivalent before opset 14");
    }
    node.removeAttribute("training_mode");
    requireInference(node, context);
    return node;
  }

  private static void requireInference(Node node, ConversionContext context) {
    for (int i = 1; i < node.outputs().size(); i++) {
      Value out = node.output(i);
      if (out != null && !out.name().isEmpty()) {
        throw context.refuse(node, "its training output " + i + " ('" + out.name() + "') changed meaning at opset 14");
      }
    }
  }
}
