package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Normalizations whose main output has the input's shape: BatchNormalization (with its running
 * and saved statistics), InstanceNormalization, GroupNormalization, LayerNormalization (with Mean
 * and InvStdDev over the leading axes) and RMSNormalization.
 */
public final class NormalizationRules {
  private NormalizationRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("BatchNormalization", 1, NormalizationRules::batchNormalization);
    b.addAll(NormalizationRules::sameAsInput, "InstanceNormalization");
    b.add("GroupNormalization", 18, NormalizationRules::sameAsInput);
    b.add("LayerNormalization", 17, NormalizationRules::layerNormalization);
    b.add("RMSNormalization", 23, NormalizationRules::rmsNormalization);
  }

  static void sameAsInput(InferenceContext ctx) {
    ctx.inputElementType(0).ifPresent(t -> ctx.setOutput(0, t, ctx.inputShape(0).orElse(null)));
  }

  /**
   * Y like X; the statistics outputs (running mean/var from opset 14, also saved mean/var before)
   * have the shape of the mean input, the channel count.
   */
  static void batchNormalization(InferenceContext ctx) {
    sameAsInput(ctx);
    SymShape stats = ctx.inputShape(3).orElseGet(() -> {
      SymExpr c = ctx.inputShape(0).filter(s -> s.rank() >= 2).map(s -> s.dim(1)).orElse(null);
      return SymShape.of(c);
    });
    Optional<DataType> statsType = ctx.opsetVersion() >= 14 ? ctx.inputElementType(3) : ctx.inputElementType(0);
    for (int i = 1; i < ctx.outputCount(); i++) {
      if (ctx.hasOutput(i)) {
        int output = i;
        statsType.ifPresent(t -> ctx.setOutput(output, t, stats));
      }
    }
  }

  /** Mean and InvStdDev keep the dims before {@code axis} and have 1 for the normalized ones. */
  static void layerNormalization(InferenceContext ctx) {
    sameAsInput(ctx);
    DataType stash = DataType.fromCode((int) ctx.intAttribute("stash_type", 1)).orElse(DataType.FLOAT);
    SymShape stats = ctx.inputShape(0).map(x -> {
      int axis = TensorAxes.normalize(ctx.intAttribute("axis", -1), x.rank()).orElse(-1);
      if (axis < 0) {
        ctx.fail("axis out of range for rank " + x.rank());
        return null;
      }
      List<SymExpr> d = new ArrayList<>(x.dims().subList(0, axis));
      for (int i = axis; i < x.rank(); i++) {
        d.add(SymExpr.of(1));
      }
      return SymShape.of(d);
    }).orElse(null);
    for (int i = 1; i <= 2; i++) {
      if (ctx.hasOutput(i)) {
        ctx.setOutput(i, stash, stats);
      }
    }
  }

  /** Y has X's shape and the scale's element type. */
  static void rmsNormalization(InferenceContext ctx) {
    ctx.inputElementType(1).or(() -> ctx.inputElementType(0))
        .ifPresent(t -> ctx.setOutput(0, t, ctx.inputShape(0).orElse(null)));
  }
}
