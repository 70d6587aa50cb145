package dev.scalpel.opset.infer.rules;

import dev.scalpel.opset.OpId;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;

/**
 * The optimizers of {@code ai.onnx.preview.training}: Adagrad, Momentum and Adam update n
 * tensors at once. Their inputs are the learning rate R, the step count T, then groups of n
 * tensors (X, G, then the optimizer's state: H for Adagrad, V for Momentum, V and H for Adam);
 * their outputs are the groups X_new and each state's new value, each like the tensor it updates.
 */
public final class TrainingRules {
  private TrainingRules() {}

  /** The domain of the training operators. */
  public static final String DOMAIN = "ai.onnx.preview.training";

  public static void register(InferenceRules.Builder b) {
    // NOTE: input groups after R and T, and which of them the output groups update: X, then the states.
    b.add(new OpId(DOMAIN, "Adagrad"), 1, ctx -> update(ctx, 3, 0, 2));
    b.add(new OpId(DOMAIN, "Momentum"), 1, ctx -> update(ctx, 3, 0, 2));
    b.add(new OpId(DOMAIN, "Adam"), 1, ctx -> update(ctx, 4, 0, 2, 3));
  }

  /**
   * Output group g, tensor j is typed like input group {@code updated[g]}, tensor j; inputs are
   * R, T and {@code inputGroups} groups of n tensors.
   */
  static void update(InferenceContext ctx, int inputGroups, int... updated) {
    int tensors = ctx.inputCount() - 2;
    if (tensors <= 0 || tensors % inputGroups != 0) {
      ctx.fail(ctx.inputCount() + " inputs are not R, T and " + inputGroups + " groups of equal size");
      return;
    }
    int n = tensors / inputGroups;
    for (int g = 0; g < updated.length; g++) {
      for (int j = 0; j < n; j++) {
        int output = g * n + j;
        if (ctx.hasOutput(output)) {
          ctx.inputType(2 + updated[g] * n + j).ifPresent(t -> ctx.setOutputType(output, t));
        }
      }
    }
  }
}
