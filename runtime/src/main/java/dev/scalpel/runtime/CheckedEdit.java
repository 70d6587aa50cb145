package dev.scalpel.runtime;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.WriteOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Edit, then prove: the one way to change a model and show with ONNX Runtime that it still
 * computes what it computed, before anything is written.
 *
 * <p>{@link #run()} makes exactly one {@code deepCopy} of the source's model (tensors are shared,
 * so no weight is copied), applies the edit to it, and, unless validation is off, checks the
 * result against the original with {@link EquivalenceChecker}:
 *
 * <ul>
 *   <li>the original runs from its own file when the source has one, so ONNX Runtime memory-maps
 *       its external data;
 *   <li>with an output, the result is written first to a staging folder beside the output, laid
 *       out as the output will be ({@link StagedModel#besideTarget}), checked from that file, and
 *       moved into place only when the check passes; without one, it runs from a temporary staged
 *       file when it has external or large weights ({@link OrtRunner#open});
 *   <li>no protobuf byte array of a large model is made on this path, so the JVM heap holds the
 *       graph but no weights, and models beyond 2 GiB validate.
 * </ul>
 *
 * <p>Invariants: the source's model is never changed; nothing is written unless the edit was
 * accepted and the check passed (or was off); the output is never half-written, and the staging
 * folder is gone when {@link #run()} returns or throws.
 *
 * @param <R> what the edit reports (its own result type)
 */
public final class CheckedEdit<R> {
  /** A change to a model, made in place on the copy it is given. */
  @FunctionalInterface
  public interface Edit<R> {
    R apply(Model copy);
  }

  /**
   * How a result is proved against its reference: {@link EquivalenceChecker#check} (same inputs,
   * same outputs) unless the edit needs another proof, such as {@link ExtractionCheck#check} for a
   * cut whose inputs are the original's intermediate values.
   */
  @FunctionalInterface
  public interface Checker {
    EquivalenceReport check(ModelSource reference, ModelSource result, CheckOptions options);
  }

  /** Where and how the result is written. */
  public record Output(Path file, WriteOptions layout) {
    public Output {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(layout, "layout");
    }
  }

  /** How a run ended. */
  public enum Status {
    /** The edit was accepted, the check passed (or was off), and the output (if any) was written. */
    PASSED,
    /** The edit's result was not accepted ({@link #onlyIf}): nothing was checked or written. */
    REFUSED,
    /** ONNX Runtime found the outputs to differ: nothing was written. */
    OUTPUTS_DIFFER
  }

  /**
   * What a run did.
   *
   * @param model the edited copy
   * @param result what the edit returned
   * @param check the equivalence report, empty when validation was off or the edit was refused
   * @param written where the result was written, empty when no output was asked or nothing written
   * @param editElapsed time of the copy and the edit
   * @param checkElapsed time of staging and checking (zero when validation was off)
   */
  public record Outcome<R>(Model model, R result, Status status, Optional<EquivalenceReport> check,
      Optional<OnnxWriter.WriteReport> written, Duration editElapsed, Duration checkElapsed) {
    public boolean passed() {
      return status == Status.PASSED;
    }
  }

  private final ModelSource source;
  private final Edit<R> edit;
  private final CheckOptions check;
  private final Output output;
  private final Predicate<? super R> accept;
  private final Function<? super R, Map<String, Tensor>> newInputs;
  private final Function<Model, ModelSource> referenceOf;
  private final Checker checker;

  private CheckedEdit(ModelSource source, Edit<R> edit, CheckOptions check, Output output, Predicate<? super R> accept,
      Function<? super R, Map<String, Tensor>> newInputs, Function<Model, ModelSource> referenceOf, Checker checker) {
    this.source = Objects.requireNonNull(source, "source");
    this.edit = Objects.requireNonNull(edit, "edit");
    this.check = check;
    this.output = output;
    this.accept = Objects.requireNonNull(accept, "accept");
    this.newInputs = Objects.requireNonNull(newInputs, "newInputs");
    this.referenceOf = referenceOf;
    this.checker = Objects.requireNonNull(checker, "checker");
  }

  /** An edit of {@code source}, checked with {@link CheckOptions#defaults()}, written nowhere. */
  public static <R> CheckedEdit<R> of(ModelSource source, Edit<R> edit) {
    return new CheckedEdit<>(source, edit, CheckOptions.defaults(), null, r -> true, r -> Map.of(), null, EquivalenceChecker::check);
  }

  /** Checks the result with {@code options}. */
  public CheckedEdit<R> checkedWith(CheckOptions options) {
    return new CheckedEdit<>(source, edit, Objects.requireNonNull(options, "options"), output, accept, newInputs, referenceOf, checker);
  }

  /** Does not check the result (it is written as edited). */
  public CheckedEdit<R> unchecked() {
    return new CheckedEdit<>(source, edit, null, output, accept, newInputs, referenceOf, checker);
  }

  /** Writes the result to {@code file}, laid out as {@code layout} says, once it passed. */
  public CheckedEdit<R> writingTo(Path file, WriteOptions layout) {
    return new CheckedEdit<>(source, edit, check, new Output(file, layout), accept, newInputs, referenceOf, checker);
  }

  /** Goes on to check and write only when the edit's result satisfies {@code predicate}. */
  public CheckedEdit<R> onlyIf(Predicate<? super R> predicate) {
    return new CheckedEdit<>(source, edit, check, output, predicate, newInputs, referenceOf, checker);
  }

  /**
   * Feeds the inputs that only the edited model has (known once the edit ran, so computed from its
   * result) with the values at which it computes what the original computes; see {@link
   * CheckOptions#rewrittenInputs()}.
   */
  public CheckedEdit<R> feeding(Function<? super R, Map<String, Tensor>> inputsOfEdit) {
    return new CheckedEdit<>(source, edit, check, output, accept, inputsOfEdit, referenceOf, checker);
  }

  /**
   * Checks the result against {@code reference.apply(edited)} instead of the source: the original
   * at other input shapes, say, or without the outputs an edit changes on purpose. The reference is
   * usually an in-memory copy, which {@link OrtRunner} stages when it holds external or large
   * weights.
   */
  public CheckedEdit<R> comparedWith(Function<Model, ModelSource> reference) {
    return new CheckedEdit<>(source, edit, check, output, accept, newInputs, Objects.requireNonNull(reference, "reference"), checker);
  }

  /** Proves the result with {@code proof} instead of {@link EquivalenceChecker#check}. */
  public CheckedEdit<R> provedBy(Checker proof) {
    return new CheckedEdit<>(source, edit, check, output, accept, newInputs, referenceOf, Objects.requireNonNull(proof, "proof"));
  }

  /**
   * Copies, edits, checks and writes.
   *
   * @throws IOException if staging or writing fails (nothing is left behind)
   * @throws ModelNotRunnableException if ONNX Runtime cannot load or run either model
   * @throws InputSpecException if the check's inputs do not fit the models
   * @throws RuntimeException whatever the edit throws (nothing is written)
   */
  public Outcome<R> run() throws IOException {
    long start = System.nanoTime();
    Model work = source.model().deepCopy();
    R result = edit.apply(work);
    Duration editElapsed = Duration.ofNanos(System.nanoTime() - start);
    if (!accept.test(result)) {
      return new Outcome<>(work, result, Status.REFUSED, Optional.empty(), Optional.empty(), editElapsed, Duration.ZERO);
    }
    if (check == null) {
      Optional<OnnxWriter.WriteReport> written = output == null
          ? Optional.empty()
          : Optional.of(OnnxWriter.write(work, output.file(), output.layout()));
      return new Outcome<>(work, result, Status.PASSED, Optional.empty(), written, editElapsed, Duration.ZERO);
    }
    long checkStart = System.nanoTime();
    CheckOptions options = check;
    for (Map.Entry<String, Tensor> e : newInputs.apply(result).entrySet()) {
      options = options.withRewrittenInput(e.getKey(), e.getValue());
    }
    ModelSource reference = referenceOf == null ? source : referenceOf.apply(work);
    if (output == null) {
      EquivalenceReport report = checker.check(reference, ModelSource.of(work), options);
      return finish(work, result, report, Optional.empty(), editElapsed, checkStart);
    }
    try (StagedModel staged = StagedModel.besideTarget(work, output.file(), output.layout())) {
      EquivalenceReport report = checker.check(reference, new ModelSource(work, staged.file()), options);
      Optional<OnnxWriter.WriteReport> written = report.passed()
          ? Optional.of(staged.commitTo(output.file()))
          : Optional.empty();
      return finish(work, result, report, written, editElapsed, checkStart);
    }
  }

  private Outcome<R> finish(Model work, R result, EquivalenceReport report, Optional<OnnxWriter.WriteReport> written,
      Duration editElapsed, long checkStart) {
    Duration checkElapsed = Duration.ofNanos(System.nanoTime() - checkStart);
    Status status = report.passed() ? Status.PASSED : Status.OUTPUTS_DIFFER;
    return new Outcome<>(work, result, status, Optional.of(report), written, editElapsed, checkElapsed);
  }
}
