package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.Optional;

/**
 * GroupNormalization-18 (deprecated) takes scale and bias per group, [G]; GroupNormalization-21 per
 * channel, [C]. Up, constant per-group values are repeated C/G times; down, constant per-channel
 * values that are equal within each group become one per group. Anything else is refused.
 */
final class GroupNormScale implements OpAdapter {
  @Override
  public Node upgrade(Node node, ConversionContext context) {
    long groups = node.intAttribute("num_groups", -1);
    long channels = channels(node, context);
    for (int i = 1; i <= 2; i++) {
      float[] g = constantFloats(node, i, context);
      float[] c = new float[(int) channels];
      for (int k = 0; k < channels; k++) {
        c[k] = g[(int) (k / (channels / groups))];
      }
      node.replaceInput(i, context.constant(node, DenseTensor.ofFloats("", new long[] {channels}, c), node.name() + (i == 1 ? "_scale" : "_bias")));
    }
    context.note(node, "per-group scale and bias repeated per channel");
    return node;
  }

  @Override
  public Node downgrade(Node node, ConversionContext context) {
    long groups = node.intAttribute("num_groups", -1);
    long channels = channels(node, context);
    for (int i = 1; i <= 2; i++) {
      float[] c = constantFloats(node, i, context);
      float[] g = new float[(int) groups];
      long per = channels / groups;
      for (int k = 0; k < channels; k++) {
        if (k % per == 0) {
          g[(int) (k / per)] = c[k];
        } else if (c[k] != g[(int) (k / per)]) {
          throw context.refuse(node, "its per-channel " + (i == 1 ? "scale" : "bias") + " differs within a group; "
              + "GroupNormalization before opset 21 takes one value per group");
        }
      }
      node.replaceInput(i, context.constant(node, DenseTensor.ofFloats("", new long[] {groups}, g), node.name() + (i == 1 ? "_scale" : "_bias")));
    }
    context.note(node, "per-channel scale and bias reduced to one per group");
    return node;
  }

  private static long channels(Node node, ConversionContext context) {
    long groups = node.intAttribute("num_groups", -1);
    Optional<Dim> c = node.input(0).shape().filter(s -> s.rank() > 1).map(s -> s.dim(1));
    if (c.isEmpty() || !(c.get() instanceof Dim.Static s) || groups <= 0 || s.value() % groups != 0) {
      throw context.refuse(node, "its channel count must be static and a multiple of num_groups");
    }
    return s.value();
  }

  private static float[] constantFloats(Node node, int input, ConversionContext context) {
    return ConversionContext.floats(node.input(input)).orElseThrow(() -> context.refuse(node,
        "its " + (input == 1 ? "scale" : "bias") + " must be a float32 constant to change its layout"));
  }
}
