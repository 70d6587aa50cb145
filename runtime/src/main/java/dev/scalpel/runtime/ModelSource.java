package dev.scalpel.runtime;

import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.opset.lint.ModelAdmission;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A model to run: the IR (for its declared inputs and outputs) and, optionally, the file it was
 * read from.
 *
 * <p>Invariant: when {@code file} is present, {@code model} is exactly what that file holds (it was
 * not edited after reading), except that admission may have sorted nodes the file lists out of
 * topological order ({@link #read}); ONNX Runtime sorts the same graph itself when it loads the
 * file, so both compute the same. ONNX Runtime then loads the file itself, so that external data files
 * are resolved next to it and memory-mapped, and no copy of the weights reaches the JVM heap;
 * otherwise {@link OrtRunner} stages a file for a model with external tensors or large weights
 * ({@link StagedModel#worthStaging}) and serializes only small models to bytes.
 */
public record ModelSource(Model model, Path file) {
  public ModelSource {
    Objects.requireNonNull(model, "model");
  }

  /** A model held only in memory (built or rewritten in code). */
  public static ModelSource of(Model model) {
    return new ModelSource(model, null);
  }

  /**
   * Reads {@code file} and admits the model ({@link ModelAdmission}): the one way models enter
   * Scalpel from files, so every command verifies the same way. The returned source runs from the
   * file; do not edit its model.
   *
   * @throws InvalidModelException naming the file and the first rule the model breaks
   */
  public static ModelSource read(Path file) throws IOException {
    Model model = OnnxReader.read(file);
    try {
      ModelAdmission.admit(model);
    } catch (InvalidModelException e) {
      throw new InvalidModelException(file + ": " + e.getMessage(), e);
    }
    return new ModelSource(model, file.toAbsolutePath());
  }

  public Optional<Path> fileIfAny() {
    return Optional.ofNullable(file);
  }
}
