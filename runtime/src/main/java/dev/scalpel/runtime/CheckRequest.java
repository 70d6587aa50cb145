package dev.scalpel.runtime;

import java.util.Objects;

/**
 * One equivalence check as {@link EquivalenceChecker#check(CheckRequest)} takes it: the two models,
 * the {@link CheckOptions}, how an output of the rewritten model whose type differs is compared,
 * and who is told of each run as it starts. Immutable; start from {@link #of} (outputs of the same
 * type, no progress) and derive with the {@code with...} methods.
 *
 * <p>NOTE: apart from {@link CheckOptions} on purpose: those are the settings a user chooses and a
 * report shows (tolerances, dims, inputs); the output-type rule belongs to the edit being proved
 * (a precision conversion widens) and the progress listener to the front end.
 *
 * @param original the reference model
 * @param rewritten the model checked against it
 * @param options the check's settings
 * @param outputTypes how outputs of another type than the original's are compared
 * @param progress told of each ONNX Runtime run as it starts
 */
public record CheckRequest(ModelSource original, ModelSource rewritten, CheckOptions options,
    EquivalenceChecker.OutputTypes outputTypes, RunProgress progress) {
  public CheckRequest {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(rewritten, "rewritten");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(outputTypes, "outputTypes");
    Objects.requireNonNull(progress, "progress");
  }

  /** {@code rewritten} against {@code original} with {@code options}: same output types, no progress. */
  public static CheckRequest of(ModelSource original, ModelSource rewritten, CheckOptions options) {
    return new CheckRequest(original, rewritten, options, EquivalenceChecker.OutputTypes.SAME, RunProgress.NONE);
  }

  public CheckRequest withOutputTypes(EquivalenceChecker.OutputTypes types) {
    return new CheckRequest(original, rewritten, options, types, progress);
  }

  public CheckRequest withProgress(RunProgress listener) {
    return new CheckRequest(original, rewritten, options, outputTypes, listener);
  }
}
