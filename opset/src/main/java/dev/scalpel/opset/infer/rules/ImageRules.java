package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;

/**
 * ImageDecoder: an encoded image becomes {@code [height, width, channels]} uint8, height and
 * width known only once decoded (fresh symbols), channels from pixel_format.
 */
public final class ImageRules {
  private ImageRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("ImageDecoder", 20, ImageRules::imageDecoder);
  }

  static void imageDecoder(InferenceContext ctx) {
    long channels = ctx.stringAttribute("pixel_format").orElse("RGB").equals("Grayscale") ? 1 : 3;
    ctx.setOutput(0, DataType.UINT8, SymShape.of(ctx.freshSymbol("image_height"),
        ctx.freshSymbol("image_width"), SymExpr.of(channels)));
  }
}
