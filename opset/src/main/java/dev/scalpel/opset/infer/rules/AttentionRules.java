package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.Optional;

/**
 * Attention (opset 23), RotaryEmbedding (opset 23), LinearAttention (opset 27) and
 * ai.onnx.preview's FlexAttention (Q, K, V all 4-D; Y is {@code [batch, q_heads, q_seq, v_head_size]}). Attention's Q, K and V come either as 4-D
 * {@code [batch, heads, seq, head_size]} or as 3-D {@code [batch, seq, heads * head_size]} with
 * the head counts as attributes; Y takes Q's form, and the present key/value caches grow by the
 * past sequence length.
 */
public final class AttentionRules {
  private AttentionRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("Attention", 23, AttentionRules::attention);
    b.add("RotaryEmbedding", 23, NormalizationRules::sameAsInput);
    b.add("LinearAttention", 27, AttentionRules::linearAttention);
    b.add(new OpId("ai.onnx.preview", "FlexAttention"), 1, AttentionRules::flexAttention);
  }

  static void flexAttention(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> q = ctx.inputShape(0).filter(s -> s.rank() == 4);
    Optional<SymShape> v = ctx.inputShape(2).filter(s -> s.rank() == 4);
    ctx.setOutput(0, type.get(), SymShape.of(q.map(s -> s.dim(0)).orElse(null), q.map(s -> s.dim(1)).orElse(null),
        q.map(s -> s.dim(2)).orElse(null), v.map(s -> s.dim(3)).orElse(null)));
  }

  /** The dims of one attention operand in 4-D terms. */
  private record Heads(SymExpr batch, SymExpr heads, SymExpr seq, SymExpr headSize) {
    static Optional<Heads> of(Optional<SymShape> shape, long headsAttribute) {
      if (shape.isEmpty()) {
        return Optional.empty();
      }
      SymShape s = shape.get();
      if (s.rank() == 4) {
        return Optional.of(new Heads(s.dim(0), s.dim(1), s.dim(2), s.dim(3)));
      }
      if (s.rank() == 3 && headsAttribute > 0) {
        SymExpr hidden = s.dim(2);
        SymExpr size = hidden == null ? null : hidden.floorDiv(headsAttribute);
        return Optional.of(new Heads(s.dim(0), SymExpr.of(headsAttribute), s.dim(1), size));
      }
      return Optional.empty();
    }
  }

  static void attention(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    long qHeads = ctx.intAttribute("q_num_heads", 0);
    long kvHeads = ctx.intAttribute("kv_num_heads", 0);
    Optional<SymShape> qShape = ctx.inputShape(0);
    Optional<Heads> q = Heads.of(qShape, qHeads);
    Optional<Heads> k = Heads.of(ctx.inputShape(1), kvHeads);
    Optional<Heads> v = Heads.of(ctx.inputShape(2), kvHeads);
    Optional<Heads> pastKey = Heads.of(ctx.inputShape(4), kvHeads);
    SymExpr batch = q.map(Heads::batch).orElse(null);
    SymExpr vHeadSize = v.map(Heads::headSize).orElse(null);
    SymExpr kvSeq = k.map(Heads::seq).orElse(null);
    SymExpr total = !ctx.hasInput(4) ? kvSeq
        : pastKey.isPresent() && pastKey.get().seq() != null && kvSeq != null ? pastKey.get().seq().plus(kvSeq) : null;
    if (q.isPresent()) {
      Heads h = q.get();
      SymShape y = qShape.get().rank() == 4
          ? SymShape.of(h.batch(), h.heads(), h.seq(), vHeadSize)
          : SymShape.of(h.batch(), h.seq(), vHeadSize == null ? null : vHeadSize.times(h.heads()));
      ctx.setOutput(0, type.get(), y);
    } else {
      ctx.setOutput(0, type.get(), qShape.map(s -> SymShape.unknownDims(s.rank())).orElse(null));
    }
    SymExpr kvHeadCount = k.map(Heads::heads).orElse(null);
    if (ctx.hasOutput(1)) {
      ctx.setOutput(1, type.get(), SymShape.of(batch, kvHeadCount, total, k.map(Heads::headSize).orElse(null)));
    }
    if (ctx.hasOutput(2)) {
      DataType vType = ctx.inputElementType(2).orElse(type.get());
      ctx.setOutput(2, vType, SymShape.of(batch, v.map(Heads::heads).orElse(null), total, vHeadSize));
    }
    if (ctx.hasOutput(3)) {
      ctx.setOutput(3, type.get(), SymShape.of(batch, q.map(Heads::heads).orElse(null),
          q.map(Heads::seq).orElse(null), total));
    }
  }

  /**
   * LinearAttention: query [B, T, Hq*dk], key [B, T, Hkv*dk], value [B, T, Hkv*dv] (heads packed
   * into the last dim); output [B, T, Hq*dv]; present_state [B, Hkv, dk, dv], typed like
   * past_state when given, else like the query.
   */
  static void linearAttention(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    Optional<Long> qHeads = ctx.intAttribute("q_num_heads");
    Optional<Long> kvHeads = ctx.intAttribute("kv_num_heads");
    Optional<SymShape> q = ctx.inputShape(0).filter(s -> s.rank() == 3);
    Optional<SymShape> k = ctx.inputShape(1).filter(s -> s.rank() == 3);
    Optional<SymShape> v = ctx.inputShape(2).filter(s -> s.rank() == 3);
    if (type.isEmpty()) {
      return;
    }
    SymExpr dv = v.isPresent() && kvHeads.isPresent() && v.get().dim(2) != null
        ? v.get().dim(2).floorDiv(kvHeads.get()) : null;
    SymExpr dk = k.isPresent() && kvHeads.isPresent() && k.get().dim(2) != null
        ? k.get().dim(2).floorDiv(kvHeads.get()) : null;
    if (q.isPresent()) {
      SymExpr width = dv != null && qHeads.isPresent() ? dv.times(qHeads.get()) : null;
      ctx.setOutput(0, type.get(), SymShape.of(q.get().dim(0), q.get().dim(1), width));
    } else {
      ctx.setOutput(0, type.get(), SymShape.unknownDims(3));
    }
    if (ctx.hasOutput(1)) {
      DataType stateType = ctx.inputElementType(3).orElse(type.get());
      SymExpr batch = q.map(s -> s.dim(0)).orElse(null);
      SymExpr heads = kvHeads.map(SymExpr::of).orElse(null);
      ctx.setOutput(1, stateType, SymShape.of(batch, heads, dk, dv));
    }
  }
}
