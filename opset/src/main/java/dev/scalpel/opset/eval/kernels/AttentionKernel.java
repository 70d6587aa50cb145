package dev.scalpel.opset.eval.kernels;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.opset.eval.EvalContext;
import dev.scalpel.opset.eval.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Attention-23 and Attention-24 (scaled dot-product attention) as the specification's function body
 * defines them: {@code Y = P V} with {@code P = softmax(softcap(Q' K'^T) + bias)}, where {@code Q'} and
 * {@code K'} are Q and K times {@code sqrt(scale)} (scale defaulting to {@code 1/sqrt(head_size)}),
 * softcap is {@code c * tanh(x / c)} when the attribute is non-zero, and the bias adds
 * <ul>
 *   <li>the attention mask: a boolean mask as 0 where true and -inf where false, a float mask as is;
 *       from version 24 a mask whose last axis is shorter than the total sequence is padded with -inf;
 *   <li>with {@code is_causal}, -inf where key {@code j > i + offset} for query {@code i}: offset is the
 *       past sequence length, or (version 24, {@code nonpad_kv_seqlen} without {@code past_key})
 *       {@code nonpad_kv_seqlen[b] - q_sequence_length};
 *   <li>(version 24) -inf at keys {@code j >= nonpad_kv_seqlen[b]}.
 * </ul>
 * A query row whose bias is -inf everywhere gets probabilities 0 (so a zero row of Y), not NaN.
 * K and V are the past cache concatenated with the incoming keys and values (also the
 * {@code present_key}/{@code present_value} outputs); with fewer kv heads than q heads (GQA), q head
 * {@code h} reads kv head {@code h / (q_num_heads / kv_num_heads)}. 3D inputs ({@code q_num_heads}
 * and {@code kv_num_heads} given) are {@code (batch, seq, heads * size)} and give a 3D Y.
 *
 * <p>Invariant: every intermediate the function body holds in the input type T1 (the scaled Q and K,
 * the scores, the softcap steps, the biased scores, the probabilities) is rounded to T1 where the
 * body rounds it; sums are accumulated in double. The softmax runs in {@code softmax_precision}
 * (default T1). Anything the body leaves undefined or that this kernel does not hold (integer masks,
 * V of another type than Q, shapes that do not agree, NaN in the bias) is refused, never guessed.
 */
public final class AttentionKernel {
  private AttentionKernel() {}

  public static void register(Kernels.Builder b) {
    b.add("Attention", 23, ctx -> evaluate(ctx, false));
    b.add("Attention", 24, ctx -> evaluate(ctx, true));
  }

  /** The shapes of one evaluation, after the 3D inputs are split into heads. */
  private record Geometry(int batch, int qHeads, int kvHeads, int qSeq, int kvSeq, int past, int headSize,
      int vHeadSize, boolean threeD) {
    int total() {
      return past + kvSeq;
    }

    /** The kv head q head {@code h} reads. */
    int kvHead(int h) {
      return h / (qHeads / kvHeads);
    }
  }

  private static List<Tensor> evaluate(EvalContext ctx, boolean version24) {
    Tensor qTensor = ctx.input(0);
    DataType t1 = qTensor.dataType();
    if (!isFloat(t1)) {
      throw ctx.unsupported("Q of element type " + t1.displayName() + " is not evaluated");
    }
    if (ctx.input(1).dataType() != t1 || ctx.input(2).dataType() != t1) {
      throw ctx.unsupported("K and V of another element type than Q are not evaluated");
    }
    if (ctx.hasInput(4) != ctx.hasInput(5)) {
      throw ctx.fail("past_key and past_value must be given together");
    }
    DataType precision = softmaxPrecision(ctx, t1);
    long mode = ctx.intAttribute("qk_matmul_output_mode", 0);
    if (mode < 0 || mode > 3) {
      throw ctx.fail("qk_matmul_output_mode " + mode + " is not 0, 1, 2 or 3");
    }
    NdArray q = NdArray.read(ctx, qTensor);
    NdArray k = NdArray.read(ctx, ctx.input(1));
    NdArray v = NdArray.read(ctx, ctx.input(2));
    NdArray pastKey = ctx.hasInput(4) ? NdArray.read(ctx, ctx.input(4)) : null;
    NdArray pastValue = ctx.hasInput(5) ? NdArray.read(ctx, ctx.input(5)) : null;
    Geometry g = geometry(ctx, q, k, v, pastKey, pastValue);
    long[] nonpad = version24 && ctx.hasInput(6) ? nonpad(ctx, g) : null;
    if (nonpad != null && g.past() > 0) {
      throw ctx.fail("nonpad_kv_seqlen with a non-empty past_key: the padding mask does not cover the past keys");
    }

    double[] presentKey = present(q, k, pastKey, g, g.headSize());
    double[] presentValue = present(q, v, pastValue, g, g.vHeadSize());
    double[] bias = bias(ctx, g, t1, version24, nonpad);

    int rows = g.batch() * g.qHeads() * g.qSeq();
    int total = g.total();
    double[] scores = new double[rows * total];
    double[] softcapped = new double[rows * total];
    double[] biased = new double[rows * total];
    double[] probabilities = new double[rows * total];
    double sq = round(t1, (float) Math.sqrt(scale(ctx, g)));
    double cap = ctx.floatAttribute("softcap", 0f);
    double capT = round(t1, cap);
    double[] qRow = new double[g.headSize()];
    for (int b = 0; b < g.batch(); b++) {
      for (int h = 0; h < g.qHeads(); h++) {
        int kvh = g.kvHead(h);
        for (int i = 0; i < g.qSeq(); i++) {
          int row = (b * g.qHeads() + h) * g.qSeq() + i;
          for (int d = 0; d < g.headSize(); d++) {
            qRow[d] = round(t1, query(q, g, b, h, i, d) * sq);
          }
          for (int j = 0; j < total; j++) {
            int keyBase = ((b * g.kvHeads() + kvh) * total + j) * g.headSize();
            double dot = 0;
            for (int d = 0; d < g.headSize(); d++) {
              dot += qRow[d] * round(t1, presentKey[keyBase + d] * sq);
            }
            int at = row * total + j;
            scores[at] = round(t1, dot);
            softcapped[at] = cap == 0 ? scores[at]
                : round(t1, round(t1, Math.tanh(round(t1, scores[at] / capT))) * capT);
            biased[at] = round(t1, softcapped[at] + bias[at]);
          }
          softmaxRow(biased, row * total, total, precision, t1, probabilities, bias);
        }
      }
    }

    double[] y = new double[rows * g.vHeadSize()];
    for (int b = 0; b < g.batch(); b++) {
      for (int h = 0; h < g.qHeads(); h++) {
        int kvh = g.kvHead(h);
        for (int i = 0; i < g.qSeq(); i++) {
          int row = (b * g.qHeads() + h) * g.qSeq() + i;
          for (int e = 0; e < g.vHeadSize(); e++) {
            double sum = 0;
            for (int j = 0; j < total; j++) {
              sum += probabilities[row * total + j]
                  * presentValue[((b * g.kvHeads() + kvh) * total + j) * g.vHeadSize() + e];
            }
            int at = g.threeD()
                ? ((b * g.qSeq() + i) * g.qHeads() + h) * g.vHeadSize() + e
                : row * g.vHeadSize() + e;
            y[at] = sum;
          }
        }
      }
    }

    long[] yDims = g.threeD()
        ? new long[] {g.batch(), g.qSeq(), (long) g.qHeads() * g.vHeadSize()}
        : new long[] {g.batch(), g.qHeads(), g.qSeq(), g.vHeadSize()};
    long[] scoreDims = {g.batch(), g.qHeads(), g.qSeq(), total};
    double[] qk = switch ((int) mode) {
      case 1 -> softcapped;
      case 2 -> biased;
      case 3 -> probabilities;
      default -> scores;
    };
    List<Tensor> out = new ArrayList<>();
    out.add(tensor(ctx, t1, yDims, y));
    out.add(tensor(ctx, t1, new long[] {g.batch(), g.kvHeads(), total, g.headSize()}, presentKey));
    out.add(tensor(ctx, t1, new long[] {g.batch(), g.kvHeads(), total, g.vHeadSize()}, presentValue));
    out.add(tensor(ctx, t1, scoreDims, qk));
    return out.subList(0, Math.min(out.size(), Math.max(1, ctx.outputCount())));
  }

  private static boolean isFloat(DataType t) {
    return t == DataType.FLOAT || t == DataType.DOUBLE || t == DataType.FLOAT16 || t == DataType.BFLOAT16;
  }

  private static DataType softmaxPrecision(EvalContext ctx, DataType t1) {
    if (ctx.attribute("softmax_precision").isEmpty()) {
      return t1;
    }
    long code = ctx.intAttribute("softmax_precision", 0);
    for (DataType t : List.of(DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16, DataType.BFLOAT16)) {
      if (t.code() == code) {
        return t;
      }
    }
    throw ctx.fail("softmax_precision " + code + " is not float, double, float16 or bfloat16");
  }

  private static Geometry geometry(EvalContext ctx, NdArray q, NdArray k, NdArray v, NdArray pastKey,
      NdArray pastValue) {
    long qHeadsAttr = ctx.intAttribute("q_num_heads", 0);
    long kvHeadsAttr = ctx.intAttribute("kv_num_heads", 0);
    boolean threeD = qHeadsAttr > 0 && kvHeadsAttr > 0;
    int rank = threeD ? 3 : 4;
    if (q.rank() != rank || k.rank() != rank || v.rank() != rank) {
      throw ctx.fail("Q, K and V must be " + rank + "D " + (threeD ? "with" : "without")
          + " q_num_heads and kv_num_heads; got ranks " + q.rank() + ", " + k.rank() + ", " + v.rank());
    }
    long batch = q.dim(0);
    long qHeads;
    long kvHeads;
    long qSeq;
    long kvSeq;
    long headSize;
    long vHeadSize;
    if (threeD) {
      qHeads = qHeadsAttr;
      kvHeads = kvHeadsAttr;
      qSeq = q.dim(1);
      kvSeq = k.dim(1);
      headSize = split(ctx, q.dim(2), qHeads, "Q");
      long kHeadSize = split(ctx, k.dim(2), kvHeads, "K");
      vHeadSize = split(ctx, v.dim(2), kvHeads, "V");
      same(ctx, kHeadSize, headSize, "K's head size", "Q's");
      same(ctx, v.dim(1), kvSeq, "V's sequence length", "K's");
    } else {
      qHeads = q.dim(1);
      kvHeads = k.dim(1);
      qSeq = q.dim(2);
      kvSeq = k.dim(2);
      headSize = q.dim(3);
      vHeadSize = v.dim(3);
      same(ctx, k.dim(3), headSize, "K's head size", "Q's");
      same(ctx, v.dim(1), kvHeads, "V's head count", "K's");
      same(ctx, v.dim(2), kvSeq, "V's sequence length", "K's");
    }
    same(ctx, k.dim(0), batch, "K's batch", "Q's");
    same(ctx, v.dim(0), batch, "V's batch", "Q's");
    if (kvHeads <= 0 || qHeads % kvHeads != 0) {
      throw ctx.fail("q heads (" + qHeads + ") are not a multiple of kv heads (" + kvHeads + ")");
    }
    long past = 0;
    if (pastKey != null) {
      if (pastKey.rank() != 4 || pastValue.rank() != 4) {
        throw ctx.fail("past_key and past_value must be 4D");
      }
      past = pastKey.dim(2);
      long[] wantKey = {batch, kvHeads, past, headSize};
      long[] wantValue = {batch, kvHeads, past, vHeadSize};
      if (!Arrays.equals(pastKey.dims(), wantKey) || !Arrays.equals(pastValue.dims(), wantValue)) {
        throw ctx.fail("past_key " + Arrays.toString(pastKey.dims()) + " and past_value "
            + Arrays.toString(pastValue.dims()) + " do not match " + Arrays.toString(wantKey) + " and "
            + Arrays.toString(wantValue));
      }
    }
    if (past + kvSeq == 0) {
      throw ctx.fail("no keys: the total sequence length is 0");
    }
    long scoreCount = batch * qHeads * qSeq * (past + kvSeq);
    ctx.reserve(scoreCount);
    ctx.reserve(batch * kvHeads * (past + kvSeq) * Math.max(headSize, vHeadSize));
    ctx.reserve(batch * qHeads * qSeq * vHeadSize);
    return new Geometry((int) batch, (int) qHeads, (int) kvHeads, (int) qSeq, (int) kvSeq, (int) past,
        (int) headSize, (int) vHeadSize, threeD);
  }

  private static long split(EvalContext ctx, long hidden, long heads, String what) {
    if (hidden % heads != 0) {
      throw ctx.fail(what + "'s hidden size " + hidden + " is not a multiple of its " + heads + " heads");
    }
    return hidden / heads;
  }

  private static void same(EvalContext ctx, long got, long want, String what, String of) {
    if (got != want) {
      throw ctx.fail(what + " " + got + " differs from " + of + " " + want);
    }
  }

  /** Element (b, h, s, d) of the query in the 4D layout. */
  private static double query(NdArray q, Geometry g, int b, int h, int s, int d) {
    int at = g.threeD()
        ? ((b * g.qSeq() + s) * g.qHeads() + h) * g.headSize() + d
        : ((b * g.qHeads() + h) * g.qSeq() + s) * g.headSize() + d;
    return q.getDouble(at);
  }

  /** The past cache followed by the incoming keys (or values), as (batch, kv heads, total, size). */
  private static double[] present(NdArray q, NdArray incoming, NdArray past, Geometry g, int size) {
    int total = g.total();
    double[] out = new double[g.batch() * g.kvHeads() * total * size];
    for (int b = 0; b < g.batch(); b++) {
      for (int h = 0; h < g.kvHeads(); h++) {
        for (int t = 0; t < total; t++) {
          for (int d = 0; d < size; d++) {
            double x;
            if (t < g.past()) {
              x = past.getDouble(((b * g.kvHeads() + h) * g.past() + t) * size + d);
            } else {
              int s = t - g.past();
              x = incoming.getDouble(g.threeD()
                  ? ((b * g.kvSeq() + s) * g.kvHeads() + h) * size + d
                  : ((b * g.kvHeads() + h) * g.kvSeq() + s) * size + d);
            }
            out[((b * g.kvHeads() + h) * total + t) * size + d] = x;
          }
        }
      }
    }
    return out;
  }

  /** The scale attribute, or {@code 1/sqrt(head_size)} computed in float as the body does. */
  private static float scale(EvalContext ctx, Geometry g) {
    if (ctx.attribute("scale").isPresent()) {
      return ctx.floatAttribute("scale", 1f);
    }
    return 1f / (float) Math.sqrt((float) g.headSize());
  }

  private static long[] nonpad(EvalContext ctx, Geometry g) {
    Tensor t = ctx.input(6);
    if (t.dataType() != DataType.INT64 || t.dims().length != 1 || t.dims()[0] != g.batch()) {
      throw ctx.fail("nonpad_kv_seqlen must be int64 of shape [" + g.batch() + "]");
    }
    return t.toLongArray();
  }

  /**
   * The additive bias of every score, (batch, q heads, q seq, total), in T1: mask, causal frontier
   * and padding summed as the body sums them, then rounded to T1.
   */
  private static double[] bias(EvalContext ctx, Geometry g, DataType t1, boolean version24, long[] nonpad) {
    int total = g.total();
    double[] out = new double[g.batch() * g.qHeads() * g.qSeq() * total];
    MaskView mask = ctx.hasInput(3) ? MaskView.of(ctx, NdArray.read(ctx, ctx.input(3)), g, version24) : null;
    boolean causal = ctx.intAttribute("is_causal", 0) != 0;
    boolean externalOffset = causal && nonpad != null && g.past() == 0 && !ctx.hasInput(4);
    for (int b = 0; b < g.batch(); b++) {
      long offset = externalOffset ? nonpad[b] - g.qSeq() : g.past();
      for (int h = 0; h < g.qHeads(); h++) {
        for (int i = 0; i < g.qSeq(); i++) {
          for (int j = 0; j < total; j++) {
            double x = mask == null ? 0 : mask.at(b, h, i, j);
            if (causal && i + offset < j) {
              x += Double.NEGATIVE_INFINITY;
            }
            if (nonpad != null && !(j < nonpad[b])) {
              x += Double.NEGATIVE_INFINITY;
            }
            if (Double.isNaN(x)) {
              throw ctx.fail("the attention bias holds NaN; the fully-masked-row guard is not defined for it");
            }
            out[((b * g.qHeads() + h) * g.qSeq() + i) * total + j] = round(t1, x);
          }
        }
      }
    }
    return out;
  }

  /**
   * Softmax of one row of {@code biased} in {@code precision}, cast to T1, into {@code out}; a row
   * whose bias is -inf everywhere becomes zeros.
   */
  private static void softmaxRow(double[] biased, int start, int length, DataType precision, DataType t1,
      double[] out, double[] bias) {
    boolean allMasked = true;
    double max = Double.NEGATIVE_INFINITY;
    for (int j = start; j < start + length; j++) {
      allMasked &= bias[j] == Double.NEGATIVE_INFINITY;
      max = Math.max(max, round(precision, biased[j]));
    }
    if (allMasked) {
      Arrays.fill(out, start, start + length, 0);
      return;
    }
    double sum = 0;
    for (int j = start; j < start + length; j++) {
      out[j] = round(precision, Math.exp(round(precision, biased[j]) - max));
      sum += out[j];
    }
    for (int j = start; j < start + length; j++) {
      out[j] = round(t1, round(precision, out[j] / sum));
    }
  }

  /** {@code v} rounded to the float type {@code t}. */
  private static double round(DataType t, double v) {
    return t == DataType.DOUBLE ? v : QuantizationKernels.round(t, v);
  }

  private static Tensor tensor(EvalContext ctx, DataType type, long[] dims, double[] values) {
    NdArray out = NdArray.allocate(ctx, type, dims);
    for (int i = 0; i < values.length; i++) {
      out.setDouble(i, values[i]);
    }
    return out.toTensor();
  }

  /**
   * The attention mask as the body reads it: bool as 0/-inf, floats as they are; from version 24
   * padded (with -inf) or cut to the total sequence on its last axis; then broadcast to
   * (batch, q heads, q seq, total).
   */
  private record MaskView(NdArray mask, long[] dims, long[] strides, int lastLength) {
    static MaskView of(EvalContext ctx, NdArray mask, Geometry g, boolean version24) {
      DataType type = mask.type();
      if (type != DataType.BOOL && !isFloat(type)) {
        throw ctx.unsupported("an attention mask of element type " + type.displayName() + " is not evaluated");
      }
      int rank = mask.rank();
      if (rank == 0 || rank > 4) {
        throw ctx.fail("attn_mask of rank " + rank + " does not broadcast to (batch, heads, q, total)");
      }
      long[] target = {g.batch(), g.qHeads(), g.qSeq(), g.total()};
      long[] dims = new long[4];
      long[] own = mask.dims();
      Arrays.fill(dims, 1);
      System.arraycopy(own, 0, dims, 4 - rank, rank);
      int lastLength = (int) dims[3];
      if (version24) {
        // NOTE: version 24 pads (or, with a negative pad, cuts) the last axis to the total length.
        dims[3] = g.total();
      }
      long[] strides = new long[4];
      long stride = 1;
      for (int a = 3; a >= 0; a--) {
        if (dims[a] != 1 && dims[a] != target[a]) {
          throw ctx.fail("attn_mask " + Arrays.toString(own) + " does not broadcast to " + Arrays.toString(target));
        }
        long ownDim = a == 3 ? lastLength : dims[a];
        strides[a] = ownDim == 1 && a != 3 ? 0 : stride;
        if (a == 3 && !version24 && ownDim == 1) {
          strides[a] = 0;
        }
        stride *= ownDim;
      }
      return new MaskView(mask, dims, strides, lastLength);
    }

    double at(int b, int h, int i, int j) {
      if (j >= lastLength && strides[3] != 0) {
        return Double.NEGATIVE_INFINITY;
      }
      int index = (int) ((dims[0] == 1 ? 0 : b * strides[0]) + (dims[1] == 1 ? 0 : h * strides[1])
          + (dims[2] == 1 ? 0 : i * strides[2]) + (long) j * strides[3]);
      if (mask.type() == DataType.BOOL) {
        return mask.getLong(index) != 0 ? 0 : Double.NEGATIVE_INFINITY;
      }
      return mask.getDouble(index);
    }
  }
}
