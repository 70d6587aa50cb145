package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymShape;
import java.util.Optional;

/**
 * Linear quantization: QuantizeLinear and DequantizeLinear keep the input's shape (per-tensor,
 * per-axis and, from opset 21, blocked scales alike) and take their element type from the zero
 * point, the scale or output_dtype; DynamicQuantizeLinear adds scalar scale and zero point.
 */
public final class QuantizationRules {
  private QuantizationRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("QuantizeLinear", 10, QuantizationRules::quantize);
    b.add("DequantizeLinear", 10, ctx -> dequantize(ctx, Optional.of(DataType.FLOAT)));
    b.add("DequantizeLinear", 19, ctx -> dequantize(ctx, ctx.inputElementType(1)));
    b.add("DequantizeLinear", 23, ctx -> dequantize(ctx, outputDtype(ctx).or(() -> ctx.inputElementType(1))));
    b.add("DynamicQuantizeLinear", 11, QuantizationRules::dynamicQuantize);
  }

  /** The output_dtype attribute (opset 21 on), when set to a type. */
  private static Optional<DataType> outputDtype(InferenceContext ctx) {
    long code = ctx.intAttribute("output_dtype", 0);
    return code == 0 ? Optional.empty() : DataType.fromCode((int) code);
  }

  /** The zero point's type, else output_dtype, else uint8. */
  static void quantize(InferenceContext ctx) {
    DataType type = ctx.inputElementType(2).or(() -> outputDtype(ctx)).orElse(DataType.UINT8);
    if (ctx.hasInput(2) && ctx.inputElementType(2).isEmpty()) {
      return;
    }
    ctx.setOutput(0, type, ctx.inputShape(0).orElse(null));
  }

  static void dequantize(InferenceContext ctx, Optional<DataType> type) {
    type.ifPresent(t -> ctx.setOutput(0, t, ctx.inputShape(0).orElse(null)));
  }

  static void dynamicQuantize(InferenceContext ctx) {
    ctx.setOutput(0, DataType.UINT8, ctx.inputShape(0).orElse(null));
    ctx.setOutput(1, DataType.FLOAT, SymShape.scalar());
    ctx.setOutput(2, DataType.UINT8, SymShape.scalar());
  }
}
