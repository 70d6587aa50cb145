package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.List;

/**
 * LinearAttention-27: the recurrence the specification's function body runs token by token, per
 * batch and kv head, on a state S of (d_k, d_v) starting at {@code past_state} (zeros when absent):
 * <ul>
 *   <li>linear: {@code S = S + k v^T};
 *   <li>gated: {@code S = exp(g) * S + k v^T} (g per key dim, or one per head);
 *   <li>delta: {@code S = S + k (beta (v - S^T k))^T};
 *   <li>gated_delta: {@code S' = exp(g) * S; S = S' + k (beta (v - S'^T k))^T};
 * </ul>
 * and each query head h reads {@code o = scale * q^T S} from kv head {@code h / (q_num_heads /
 * kv_num_heads)} after the update. Inputs are packed (B, T, heads * size); scale 0 means
 * {@code 1/sqrt(d_k)}. The output is in the query's type, {@code present_state} in past_state's
 * type (the query's without it).
 *
 * <p>Invariant: as in the body, every step is computed in float32 (each float32 tensor of the body
 * rounded to float32) whatever the input types; shapes that do not agree with the schema are
 * refused.
 */
public final class LinearAttentionKernel {
  private LinearAttentionKernel() {}

  public static void register(Kernels.Builder b) {
    b.add("LinearAttention", 27, LinearAttentionKernel::evaluate);
  }

  private enum Rule {
    LINEAR(false, false), GATED(true, false), DELTA(false, true), GATED_DELTA(true, true);

    final boolean decays;
    final boolean corrects;

    Rule(boolean decays, boolean corrects) {
      this.decays = decays;
      this.corrects = corrects;
    }
  }

  private static List<Tensor> evaluate(EvalContext ctx) {
    Rule rule = switch (ctx.stringAttribute("update_rule", "gated_delta")) {
      case "linear" -> Rule.LINEAR;
      case "gated" -> Rule.GATED;
      case "delta" -> Rule.DELTA;
      case "gated_delta" -> Rule.GATED_DELTA;
      default -> throw ctx.fail("update_rule '" + ctx.stringAttribute("update_rule", "") + "' is not one of"
          + " linear, gated, delta, gated_delta");
    };
    long qHeadsAttr = ctx.intAttribute("q_num_heads", 0);
    long kvHeadsAttr = ctx.intAttribute("kv_num_heads", 0);
    if (qHeadsAttr <= 0 || kvHeadsAttr <= 0 || qHeadsAttr % kvHeadsAttr != 0) {
      throw ctx.fail("q_num_heads (" + qHeadsAttr + ") must be a positive multiple of kv_num_heads ("
          + kvHeadsAttr + ")");
    }
    int qHeads = (int) qHeadsAttr;
    int kvHeads = (int) kvHeadsAttr;
    NdArray q = NdArray.read(ctx, ctx.input(0));
    NdArray k = NdArray.read(ctx, ctx.input(1));
    NdArray v = NdArray.read(ctx, ctx.input(2));
    for (NdArray a : List.of(q, k, v)) {
      if (!isFloat(a.type()) || a.rank() != 3) {
        throw ctx.fail("query, key and value must be 3D float16, bfloat16 or float tensors");
      }
    }
    int batch = (int) q.dim(0);
    int steps = (int) q.dim(1);
    if (k.dim(0) != batch || v.dim(0) != batch || k.dim(1) != steps || v.dim(1) != steps) {
      throw ctx.fail("key and value must have the query's batch and sequence length");
    }
    int dk = (int) packed(ctx, q.dim(2), qHeads, "query");
    int dv = (int) packed(ctx, v.dim(2), kvHeads, "value");
    if (packed(ctx, k.dim(2), kvHeads, "key") != dk) {
      throw ctx.fail("key's head size differs from query's " + dk);
    }
    NdArray past = ctx.hasInput(3) ? NdArray.read(ctx, ctx.input(3)) : null;
    if (past != null && (!isFloat(past.type()) || past.rank() != 4 || past.dim(0) != batch
        || past.dim(1) != kvHeads || past.dim(2) != dk || past.dim(3) != dv)) {
      throw ctx.fail("past_state must be float (B, H_kv, d_k, d_v) = (" + batch + ", " + kvHeads + ", " + dk
          + ", " + dv + ")");
    }
    NdArray decay = null;
    int decayWidth = 0;
    if (rule.decays) {
      decay = required(ctx, 4, "decay", rule);
      decayWidth = (int) (decay.dim(2) / kvHeads);
      if (decay.dim(0) != batch || decay.dim(1) != steps || decay.dim(2) % kvHeads != 0
          || (decayWidth != dk && decayWidth != 1)) {
        throw ctx.fail("decay must be (B, T, H_kv * d_k) or (B, T, H_kv)");
      }
    }
    NdArray beta = null;
    int betaHeads = 0;
    if (rule.corrects) {
      beta = required(ctx, 5, "beta", rule);
      betaHeads = (int) beta.dim(2);
      if (beta.dim(0) != batch || beta.dim(1) != steps || (betaHeads != kvHeads && betaHeads != 1)) {
        throw ctx.fail("beta must be (B, T, H_kv) or (B, T, 1)");
      }
    }
    float scale = ctx.floatAttribute("scale", 0f);
    if (scale == 0f) {
      scale = 1f / (float) Math.sqrt((float) dk);
    }
    DataType stateType = past != null ? past.type() : q.type();
    NdArray out = NdArray.allocate(ctx, q.type(), new long[] {batch, steps, (long) qHeads * dv});
    NdArray present = NdArray.allocate(ctx, stateType, new long[] {batch, kvHeads, dk, dv});
    int group = qHeads / kvHeads;
    float[] state = new float[dk * dv];
    float[] kt = new float[dk];
    float[] write = new float[dv];
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < kvHeads; h++) {
        for (int s = 0; s < dk * dv; s++) {
          state[s] = past == null ? 0f : (float) past.getDouble(((b * kvHeads + h) * dk) * dv + s);
        }
        for (int t = 0; t < steps; t++) {
          int token = b * steps + t;
          for (int i = 0; i < dk; i++) {
            kt[i] = (float) k.getDouble((token * kvHeads + h) * dk + i);
          }
          if (rule.decays) {
            for (int i = 0; i < dk; i++) {
              float g = (float) decay.getDouble((token * kvHeads + h) * decayWidth + (decayWidth == 1 ? 0 : i));
              float factor = (float) Math.exp(g);
              for (int j = 0; j < dv; j++) {
                state[i * dv + j] = state[i * dv + j] * factor;
              }
            }
          }
          for (int j = 0; j < dv; j++) {
            float vj = (float) v.getDouble((token * kvHeads + h) * dv + j);
            if (rule.corrects) {
              double retrieved = 0;
              for (int i = 0; i < dk; i++) {
                retrieved += (double) state[i * dv + j] * kt[i];
              }
              float b0 = (float) beta.getDouble(token * betaHeads + (betaHeads == 1 ? 0 : h));
              write[j] = b0 * (vj - (float) retrieved);
            } else {
              write[j] = vj;
            }
          }
          for (int i = 0; i < dk; i++) {
            for (int j = 0; j < dv; j++) {
              state[i * dv + j] = state[i * dv + j] + kt[i] * write[j];
            }
          }
          for (int g = 0; g < group; g++) {
            int qh = h * group + g;
            for (int j = 0; j < dv; j++) {
              double read = 0;
              for (int i = 0; i < dk; i++) {
                read += q.getDouble((token * qHeads + qh) * dk + i) * state[i * dv + j];
              }
              out.setDouble((token * qHeads + qh) * dv + j, scale * (float) read);
            }
          }
        }
        for (int s = 0; s < dk * dv; s++) {
          present.setDouble(((b * kvHeads + h) * dk) * dv + s, state[s]);
        }
      }
    }
    return List.of(out.toTensor(), present.toTensor());
  }

  private static boolean isFloat(DataType t) {
    return t == DataType.FLOAT || t == DataType.FLOAT16 || t == DataType.BFLOAT16;
  }

  private static long packed(EvalContext ctx, long hidden, int heads, String what) {
    if (hidden % heads != 0) {
      throw ctx.fail(what + "'s last dim " + hidden + " is not a multiple of its " + heads + " heads");
    }
    return hidden / heads;
  }

  private static NdArray required(EvalContext ctx, int input, String name, Rule rule) {
    if (!ctx.hasInput(input)) {
      throw ctx.fail(name + " is required by update_rule " + rule.name().toLowerCase(java.util.Locale.ROOT));
    }
    NdArray a = NdArray.read(ctx, ctx.input(input));
    if (!isFloat(a.type()) || a.rank() != 3) {
      throw ctx.fail(name + " must be a 3D float16, bfloat16 or float tensor");
    }
    return a;
  }
}
