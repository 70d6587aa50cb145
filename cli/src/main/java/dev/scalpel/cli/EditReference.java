package dev.scalpel.cli;

import dev.scalpel.graph.Model;
import dev.scalpel.runtime.ModelSource;
import java.util.Set;
import java.util.function.Function;

/**
 * What an edit's result is checked against in ONNX Runtime when the edit changes some outputs on
 * purpose: the original without those outputs, so the rest must keep their values and the changed
 * ones must still be produced (a result that cannot run fails the check).
 *
 * @param of the reference, given the edited model
 * @param against how the verdict line names it
 */
record EditReference(Function<Model, ModelSource> of, String against) {
  /** The original itself: every output must keep its value. */
  static EditReference original(ModelSource source) {
    return new EditReference(edited -> source, "the original");
  }

  /**
   * The original without the outputs named {@code changed}; when every output changes, the edited
   * model itself, which proves only that ONNX Runtime loads and runs it where the original runs.
   *
   * @param reads what a changed output does, for the verdict line ("reads the resized tensor")
   * @param doesNotRead what the others do not ("read the resized tensor")
   */
  static EditReference unchangedOutputs(ModelSource source, Set<String> changed, String reads, String doesNotRead) {
    int outputs = source.model().graph().outputs().size();
    if (changed.isEmpty()) {
      return original(source);
    }
    if (changed.size() >= outputs) {
      return new EditReference(ModelSource::of,
          "itself (every output " + reads + ", so this proves it loads and runs)");
    }
    Model unchanged = source.model().deepCopy();
    for (int i = unchanged.graph().outputs().size() - 1; i >= 0; i--) {
      if (changed.contains(unchanged.graph().outputs().get(i).name())) {
        unchanged.graph().removeOutput(i);
      }
    }
    return new EditReference(edited -> ModelSource.of(unchanged),
        "the original's outputs that do not " + doesNotRead);
  }
}
