package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.Optional;

/**
 * RNN, GRU and LSTM. X is {@code [seq, batch, input]}, or {@code [batch, seq, input]} with
 * layout 1 (opset 14); Y is {@code [seq, directions, batch, hidden]} (layout 1: {@code [batch, seq,
 * directions, hidden]}) and Y_h (and LSTM's Y_c) {@code [directions, batch, hidden]} (layout 1:
 * {@code [batch, directions, hidden]}). Every output is optional.
 */
public final class RecurrentRules {
  private RecurrentRules() {}

  public static void register(InferenceRules.Builder b) {
    b.addAll(RecurrentRules::recurrent, "RNN", "GRU", "LSTM");
  }

  static void recurrent(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    boolean batchFirst = ctx.intAttribute("layout", 0) != 0;
    Optional<SymShape> x = ctx.inputShape(0).filter(s -> s.rank() == 3);
    SymExpr seq = x.map(s -> s.dim(batchFirst ? 1 : 0)).orElse(null);
    SymExpr batch = x.map(s -> s.dim(batchFirst ? 0 : 1)).orElse(null);
    SymExpr directions = SymExpr.of(ctx.stringAttribute("direction").orElse("forward").equals("bidirectional") ? 2 : 1);
    SymExpr hidden = ctx.intAttribute("hidden_size").map(SymExpr::of)
        .orElseGet(() -> ctx.inputShape(2).filter(s -> s.rank() == 3).map(s -> s.dim(2)).orElse(null));
    if (ctx.hasOutput(0)) {
      ctx.setOutput(0, type.get(), batchFirst
          ? SymShape.of(batch, seq, directions, hidden)
          : SymShape.of(seq, directions, batch, hidden));
    }
    SymShape state = batchFirst ? SymShape.of(batch, directions, hidden) : SymShape.of(directions, batch, hidden);
    for (int i = 1; i < ctx.outputCount(); i++) {
      if (ctx.hasOutput(i)) {
        ctx.setOutput(i, type.get(), state);
      }
    }
  }
}
