package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.List;

/**
 * CausalConvWithState-27: {@code output[b,c,t] = bias[c] + sum_i weight[c,0,i] * padded[b,c,t+i]}, where
 * {@code padded} is {@code past_state} (zeros when absent; shape (B, C, k-1)) followed by the input
 * (B, C, L) on the last axis; then, with {@code activation} "silu" or "swish", {@code x * sigmoid(x)}
 * computed in float32 as the function body does. {@code present_state} is the last k-1 positions
 * of {@code padded}.
 *
 * <p>Invariant: the convolution is accumulated in double and rounded once to the element type, as
 * the body's Conv gives it; an input whose shapes disagree with the schema is refused.
 */
public final class CausalConvWithStateKernel {
  private CausalConvWithStateKernel() {}

  public static void register(Kernels.Builder b) {
    b.add("CausalConvWithState", 27, CausalConvWithStateKernel::evaluate);
  }

  private static List<dev.scalpel.graph.Tensor> evaluate(EvalContext ctx) {
    NdArray x = NdArray.read(ctx, ctx.input(0));
    NdArray w = NdArray.read(ctx, ctx.input(1));
    DataType type = x.type();
    if (type != DataType.FLOAT && type != DataType.DOUBLE && type != DataType.FLOAT16 && type != DataType.BFLOAT16) {
      throw ctx.unsupported("element type " + type.displayName() + " is not evaluated");
    }
    String activation = ctx.stringAttribute("activation", "none");
    boolean silu = activation.equals("silu") || activation.equals("swish");
    if (!silu && !activation.equals("none")) {
      throw ctx.fail("activation '" + activation + "' is not 'none', 'silu' or 'swish'");
    }
    if (x.rank() != 3 || w.rank() != 3 || w.dim(1) != 1 || w.dim(0) != x.dim(1) || w.dim(2) < 1) {
      throw ctx.fail("input must be (B, C, L) and weight (C, 1, k) with k >= 1");
    }
    int batch = (int) x.dim(0);
    int channels = (int) x.dim(1);
    int length = (int) x.dim(2);
    int k = (int) w.dim(2);
    int carry = k - 1;
    NdArray bias = ctx.hasInput(2) ? NdArray.read(ctx, ctx.input(2)) : null;
    if (bias != null && (bias.rank() != 1 || bias.dim(0) != channels)) {
      throw ctx.fail("bias must be (C)");
    }
    NdArray past = ctx.hasInput(3) ? NdArray.read(ctx, ctx.input(3)) : null;
    if (past != null && (past.rank() != 3 || past.dim(0) != batch || past.dim(1) != channels || past.dim(2) != carry)) {
      throw ctx.fail("past_state must be (B, C, k - 1) = (" + batch + ", " + channels + ", " + carry + ")");
    }
    if (w.type() != type || (bias != null && bias.type() != type) || (past != null && past.type() != type)) {
      throw ctx.fail("weight, bias and past_state must have the input's element type");
    }
    NdArray out = NdArray.allocate(ctx, type, new long[] {batch, channels, length});
    NdArray present = NdArray.allocate(ctx, type, new long[] {batch, channels, carry});
    int paddedLength = carry + length;
    double[] padded = new double[paddedLength];
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < channels; c++) {
        for (int p = 0; p < paddedLength; p++) {
          padded[p] = p < carry
              ? (past == null ? 0 : past.getDouble((b * channels + c) * carry + p))
              : x.getDouble((b * channels + c) * length + p - carry);
        }
        for (int t = 0; t < length; t++) {
          double sum = bias == null ? 0 : bias.getDouble(c);
          for (int i = 0; i < k; i++) {
            sum += w.getDouble(c * k + i) * padded[t + i];
          }
          double y = round(type, sum);
          if (silu) {
            float f = (float) y;
            float sigmoid = (float) (1 / (1 + Math.exp(-f)));
            y = round(type, f * sigmoid);
          }
          out.setDouble((b * channels + c) * length + t, y);
        }
        for (int s = 0; s < carry; s++) {
          present.setDouble((b * channels + c) * carry + s, padded[length + s]);
        }
      }
    }
    return List.of(out.toTensor(), present.toTensor());
  }

  private static double round(DataType t, double v) {
    return t == DataType.DOUBLE ? v : QuantizationKernels.round(t, v);
  }
}
