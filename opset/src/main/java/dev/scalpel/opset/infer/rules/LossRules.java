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
 * Loss functions over class scores {@code (N, C, d1..dk)} and targets {@code (N, d1..dk)}:
 * NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss. The loss has the scores' element type:
 * the target's shape with reduction "none", a scalar with "mean" (the default) or "sum".
 * SoftmaxCrossEntropyLoss's optional log_prob output has the scores' shape.
 *
 * <p>NOTE: the schemas define both by context-dependent function bodies (built per call from the
 * input types), which a stored schema cannot give, so they need rules of their own.
 */
public final class LossRules {
  private LossRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("NegativeLogLikelihoodLoss", 12, LossRules::loss);
    b.add("SoftmaxCrossEntropyLoss", 12, LossRules::loss);
  }

  static void loss(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    if (type.isEmpty()) {
      return;
    }
    Optional<SymShape> scores = ctx.inputShape(0);
    Optional<SymShape> target = ctx.inputShape(1);
    if (scores.isPresent() && scores.get().rank() < 2) {
      ctx.fail("scores of shape " + scores.get() + " have no class axis");
      return;
    }
    if (scores.isPresent() && target.isPresent() && target.get().rank() != scores.get().rank() - 1) {
      ctx.fail("target of shape " + target.get() + " does not match scores of shape " + scores.get());
      return;
    }
    String reduction = ctx.stringAttribute("reduction").orElse("mean");
    SymShape loss = reduction.equals("none") ? unreducedShape(scores, target) : SymShape.scalar();
    ctx.setOutput(0, type.get(), loss);
    if (ctx.hasOutput(1)) {
      ctx.setOutput(1, type.get(), scores.orElse(null));
    }
  }

  /**
   * {@code (N, d1..dk)}: the target's dims, each unknown one taken from the scores (whose class
   * axis 1 is left out); null when neither rank is known.
   */
  private static SymShape unreducedShape(Optional<SymShape> scores, Optional<SymShape> target) {
    if (scores.isEmpty()) {
      return target.orElse(null);
    }
    List<SymExpr> fromScores = new ArrayList<>(scores.get().dims());
    fromScores.remove(1);
    if (target.isEmpty()) {
      return SymShape.of(fromScores);
    }
    List<SymExpr> out = new ArrayList<>(target.get().dims());
    for (int k = 0; k < out.size(); k++) {
      if (out.get(k) == null) {
        out.set(k, fromScores.get(k));
      }
    }
    return SymShape.of(out);
  }
}
