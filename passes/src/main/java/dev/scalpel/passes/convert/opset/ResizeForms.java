package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes of Resize (see {@code passes.resize.ResizeForm} for the forms): at 11 a roi input
 * and coordinate modes appear (Resize-10's coordinates are asymmetric, nearest rounds down); at 13
 * every input after X is optional and {@code tf_half_pixel_for_nn} is gone. (18's new attributes
 * pass the schema comparison; 19's new mode is {@link NewAttributeValues}.)
 */
final class ResizeForms {
  private ResizeForms() {}

  /** Resize-10 (X, scales) ↔ Resize-11 (X, roi, scales) with asymmetric coordinates, nearest rounding down. */
  static final class At11 implements OpAdapter {
    @Override
    public Node upgrade(Node node, ConversionContext context) {
      List<Value> inputs = new ArrayList<>();
      inputs.add(node.input(0));
      inputs.add(context.constant(node, DenseTensor.ofFloats("", new long[] {0}), node.name() + "_roi"));
      inputs.add(node.input(1));
      node.setInputs(inputs);
      node.setAttribute(Attribute.of("coordinate_transformation_mode", "asymmetric"));
      if (node.attribute("mode").map(a -> ((Attribute.StringAttr) a).value()).orElse("nearest").equals("nearest")) {
        node.setAttribute(Attribute.of("nearest_mode", "floor"));
      }
      context.note(node, "Resize-10 became Resize-11 (empty roi, asymmetric coordinates)");
      return node;
    }

    @Override
    public Node downgrade(Node node, ConversionContext context) {
      throw context.refuse(node, "Resize-10 is below the oldest target opset");
    }
  }

  /** Optional roi/scales from 13; {@code tf_half_pixel_for_nn} only before. */
  static final class At13 implements OpAdapter {
    @Override
    public Node upgrade(Node node, ConversionContext context) {
      String mode = node.attribute("coordinate_transformation_mode").map(a -> ((Attribute.StringAttr) a).value()).orElse("");
      if (mode.equals("tf_half_pixel_for_nn")) {
        throw context.refuse(node, "coordinate mode tf_half_pixel_for_nn does not exist from opset 13");
      }
      return node;
    }

    @Override
    public Node downgrade(Node node, ConversionContext context) {
      boolean roi = ConversionContext.given(node, 1);
      boolean scales = ConversionContext.given(node, 2);
      boolean sizes = ConversionContext.given(node, 3);
      if (roi && (scales || !sizes) && (scales || sizes)) {
        return node;
      }
      List<Value> inputs = new ArrayList<>();
      inputs.add(node.input(0));
      inputs.add(roi ? node.input(1) : context.constant(node, DenseTensor.ofFloats("", new long[] {0}), node.name() + "_roi"));
      inputs.add(scales ? node.input(2) : context.constant(node, DenseTensor.ofFloats("", new long[] {0}), node.name() + "_scales"));
      if (sizes) {
        inputs.add(node.input(3));
      }
      node.setInputs(inputs);
      context.note(node, "omitted roi/scales given as empty tensors (required before opset 13)");
      return node;
    }
  }

  /**
   * Upsample (deprecated at 10) → Resize-10, which computes the same (asymmetric coordinates):
   * Upsample-7's scales attribute becomes the scales input. The Resize goes on converting from 10.
   */
  static final class UpsampleToResize implements OpAdapter {
    @Override
    public Node upgrade(Node node, ConversionContext context) {
      Value scales = ConversionContext.given(node, 1) ? node.input(1) : null;
      if (scales == null) {
        Attribute.FloatsAttr attr = (Attribute.FloatsAttr) node.attribute("scales").orElseThrow(() -> context.refuse(node, "no scales"));
        float[] s = new float[attr.value().size()];
        for (int i = 0; i < s.length; i++) {
          s[i] = attr.value().get(i);
        }
        scales = context.constant(node, DenseTensor.ofFloats("", new long[] {s.length}, s), node.name() + "_scales");
      }
      String mode = node.attribute("mode").map(a -> ((Attribute.StringAttr) a).value()).orElse("nearest");
      Node resize = context.before(node, "Resize", List.of(node.input(0), scales), 1, Attribute.of("mode", mode));
      ConversionContext.replace(node, resize.output(0));
      context.note(resize, "was Upsample (deprecated at opset 10)");
      return resize;
    }

    @Override
    public Node downgrade(Node node, ConversionContext context) {
      throw context.refuse(node, "Upsample is below the oldest target opset");
    }
  }
}
