package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.List;

/**
 * ai.onnx.preview FlexAttention-1 without modifier subgraphs, as its function body computes it:
 * {@code Y = softmax(Q' K'^T) V} over rank-4 inputs, where Q' and K' are Q and K times
 * {@code sqrt(scale)} rounded to the input type (scale defaulting to {@code 1/sqrt(head_size)}), the
 * scores are rounded to the input type and then taken to the softmax precision ({@code
 * softmax_precision}, default float32, double for double inputs), and the product with V runs in the
 * softmax precision before the result returns to the input type. With fewer kv heads (GQA) q head h
 * reads kv head {@code h / (q_heads / kv_heads)}.
 *
 * <p>Invariant: a {@code score_mod} or {@code prob_mod} subgraph that is not the identity is refused
 * as unsupported (its nodes would run at the default domain's opset, which this kernel is not
 * given); shapes that do not agree are refused.
 */
public final class FlexAttentionKernel {
  private FlexAttentionKernel() {}

  public static void register(Kernels.Builder b) {
    b.add(new OpId("ai.onnx.preview", "FlexAttention"), 1, FlexAttentionKernel::evaluate);
  }

  private static List<Tensor> evaluate(EvalContext ctx) {
    for (String modifier : List.of("score_mod", "prob_mod")) {
      if (ctx.attribute(modifier).isPresent() && !isIdentity(ctx.attribute(modifier).get().asGraph())) {
        throw ctx.unsupported(modifier + " subgraphs are not evaluated");
      }
    }
    NdArray q = NdArray.read(ctx, ctx.input(0));
    NdArray k = NdArray.read(ctx, ctx.input(1));
    NdArray v = NdArray.read(ctx, ctx.input(2));
    DataType t = q.type();
    if (!isFloat(t) || k.type() != t || v.type() != t) {
      throw ctx.fail("Q, K and V must be of one float type");
    }
    if (q.rank() != 4 || k.rank() != 4 || v.rank() != 4) {
      throw ctx.fail("Q, K and V must be rank 4");
    }
    int batch = (int) q.dim(0);
    int qHeads = (int) q.dim(1);
    int qSeq = (int) q.dim(2);
    int e = (int) q.dim(3);
    int kvHeads = (int) k.dim(1);
    int kvSeq = (int) k.dim(2);
    int ev = (int) v.dim(3);
    if (k.dim(0) != batch || v.dim(0) != batch || k.dim(3) != e || v.dim(1) != kvHeads || v.dim(2) != kvSeq
        || kvHeads == 0 || qHeads % kvHeads != 0) {
      throw ctx.fail("shapes of Q, K and V do not agree (batch, heads, sequence, head size)");
    }
    DataType precision = softmaxPrecision(ctx, t);
    float scale = ctx.attribute("scale").isPresent() ? ctx.floatAttribute("scale", 1f)
        : 1f / (float) Math.sqrt((float) e);
    double s = round(t, (float) Math.sqrt(scale));
    int group = qHeads / kvHeads;
    NdArray y = NdArray.allocate(ctx, t, new long[] {batch, qHeads, qSeq, ev});
    ctx.reserve((long) batch * qHeads * qSeq * kvSeq);
    double[] probs = new double[kvSeq];
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < qHeads; h++) {
        int kvh = h / group;
        for (int i = 0; i < qSeq; i++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < kvSeq; j++) {
            double dot = 0;
            for (int d = 0; d < e; d++) {
              dot += round(t, q.getDouble(((b * qHeads + h) * qSeq + i) * e + d) * s)
                  * round(t, k.getDouble(((b * kvHeads + kvh) * kvSeq + j) * e + d) * s);
            }
            probs[j] = round(precision, round(t, dot));
            max = Math.max(max, probs[j]);
          }
          double sum = 0;
          for (int j = 0; j < kvSeq; j++) {
            probs[j] = round(precision, Math.exp(probs[j] - max));
            sum += probs[j];
          }
          for (int j = 0; j < kvSeq; j++) {
            probs[j] = round(precision, probs[j] / sum);
          }
          for (int c = 0; c < ev; c++) {
            double acc = 0;
            for (int j = 0; j < kvSeq; j++) {
              acc += probs[j] * round(precision, v.getDouble(((b * kvHeads + kvh) * kvSeq + j) * ev + c));
            }
            y.setDouble(((b * qHeads + h) * qSeq + i) * ev + c, round(precision, acc));
          }
        }
      }
    }
    return List.of(y.toTensor());
  }

  /** Whether a modifier graph passes its input through untouched (no nodes, output = input). */
  private static boolean isIdentity(Graph g) {
    return g.nodes().isEmpty() && g.inputs().size() == 1 && g.outputs().size() == 1
        && g.inputs().get(0) == g.outputs().get(0);
  }

  private static DataType softmaxPrecision(EvalContext ctx, DataType t) {
    if (ctx.attribute("softmax_precision").isEmpty()) {
      return t == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
    }
    long code = ctx.intAttribute("softmax_precision", 0);
    for (DataType p : List.of(DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16, DataType.BFLOAT16)) {
      if (p.code() == code) {
        return p;
      }
    }
    throw ctx.fail("softmax_precision " + code + " is not float, double, float16 or bfloat16");
  }

  private static boolean isFloat(DataType t) {
    return t == DataType.FLOAT || t == DataType.DOUBLE || t == DataType.FLOAT16 || t == DataType.BFLOAT16;
  }

  private static double round(DataType t, double v) {
    return t == DataType.DOUBLE ? v : QuantizationKernels.round(t, v);
  }
}
