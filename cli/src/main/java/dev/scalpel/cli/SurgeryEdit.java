package dev.scalpel.cli;

import dev.scalpel.cli.report.EditOutcomeJson;
import dev.scalpel.cli.report.EditOutcomeText;
import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ModelEdit;
import dev.scalpel.passes.resize.ResizeException;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.ModelSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A Resize surgery from the command line, as a {@link CheckedEdit}: shapes inferred on the copy
 * (the surgery needs ranks and dims), the {@link ModelEdit} applied once, its notes printed, the result checked
 * in ONNX Runtime and written only when it passes. A surgery the model does not allow ({@link
 * ResizeException}) is a usage error and writes nothing.
 */
final class SurgeryEdit {
  /** What the surgery noted, and the values of the inputs it added (see {@link CheckedEdit#feeding}). */
  record Done(List<String> diagnostics, Map<String, Tensor> newInputs) {}

  /** Computes, on the copy before the edit, the values of the inputs the edit will add. */
  interface NewInputs {
    Map<String, Tensor> of(Model beforePass);
  }

  private SurgeryEdit() {}

  /**
   * Applies {@code edit} to a copy of {@code source} (read from its file) through {@link CheckedEdit}.
   *
   * @param notes the lines to print of what the edit did
   * @param layout how the result is written (protecting the input: {@link OutputTargets#protecting})
   * @param reference what the result is compared with, given the result; null for the original
   * @param against how the verdict line names that reference
   * @param json whether to print the {@code --json} object ({@link EditOutcomeJson}) instead of text
   * @return the exit status
   */
  static <R> int run(CommandSpec spec, ModelSource source, Path target, WriteOptions layout, ModelEdit<R> edit,
      Function<R, List<String>> notes, NewInputs newInputs, Function<Model, ModelSource> reference, String against,
      EditCheckOptions checks, boolean json) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path input = source.file();
    CheckedEdit<Done> checked = CheckedEdit.of(source, copy -> {
      Analyses analyses = new Analyses();
      analyses.shapes(copy);
      Map<String, Tensor> added = newInputs.of(copy);
      return new Done(notes.apply(edit.apply(copy, analyses)), added);
    }).checkedWith(checks.checkOptions(spec, source.model()))
        .feeding(Done::newInputs)
        .writingTo(target, layout);
    if (reference != null) {
      checked = checked.comparedWith(reference);
    }
    CheckedEdit.Outcome<Done> outcome;
    try {
      outcome = checked.run();
    } catch (ResizeException e) {
      throw usage(spec, input, e);
    }
    if (json) {
      return EditOutcomeJson.write(input, target, outcome, outcome.result().diagnostics(), w -> { }, against,
          new JsonWriter(out));
    }
    for (String d : outcome.result().diagnostics()) {
      out.println("  " + d);
    }
    return EditOutcomeText.print(outcome, against, target, out);
  }

  /** A surgery the model does not allow, as a usage error naming the file. */
  static ParameterException usage(CommandSpec spec, Path input, ResizeException e) {
    return new ParameterException(spec.commandLine(), input + ": " + e.getMessage());
  }
}
