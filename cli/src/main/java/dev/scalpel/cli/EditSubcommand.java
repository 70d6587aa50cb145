package dev.scalpel.cli;

import dev.scalpel.cli.report.EditJson;
import dev.scalpel.cli.report.EditOutcomeText;
import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.cli.report.SummaryJson;
import dev.scalpel.graph.Model;
import dev.scalpel.passes.edit.GraphEditException;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.ModelSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The common run of {@code scalpel edit}'s subcommands: read MODEL, plan the edit (names are
 * checked against the model: a mistake is a usage error and nothing is written), apply it to one
 * copy through {@link CheckedEdit}, check the result in ONNX Runtime against the reference the
 * subcommand names ({@link EditReference}), and write it with {@code -o} only when the check passes.
 *
 * <p>Subclasses hold their own options and say what the edit is and what it is compared with;
 * MODEL and where the result goes are {@link EditedModel}, which the other one-model edit commands
 * share.
 */
abstract class EditSubcommand implements Callable<Integer> {
  /** An edit ready to run: the change made on the copy (its notes) and the check's reference. */
  record Plan(Function<Model, List<String>> edit, EditReference reference) {}

  @Spec
  CommandSpec spec;

  @Mixin
  EditedModel model;

  @Mixin
  JsonOption jsonOption;

  @Mixin
  NoValidateOption noValidateOption;

  @Mixin
  EditCheckOptions checks;

  /**
   * The edit of {@code source}'s model.
   *
   * @throws GraphEditException or {@link IllegalArgumentException} for a mistake on the command line
   */
  abstract Plan plan(ModelSource source) throws IOException;

  /**
   * Runs the edit. With {@code --json} a failure is also printed as a JSON object ({@code model},
   * {@code error}, {@code exitCode}) before it goes on to the usual one-line error on stderr.
   */
  @Override
  public final Integer call() throws IOException {
    try {
      return run();
    } catch (IOException | RuntimeException e) {
      if (jsonOption.json()) {
        Failure failure = e instanceof ParameterException
            ? new Failure(ExitCodes.USAGE, e.getMessage(), false) : Failure.of(e);
        PrintWriter out = spec.commandLine().getOut();
        JsonWriter writer = new JsonWriter(out);
        SummaryJson.writeError(String.valueOf(model.input()), failure, writer);
        writer.finish();
        out.flush();
      }
      throw e;
    }
  }

  private int run() throws IOException {
    Path input = model.input();
    Path target = model.target(spec, "edit");
    ModelSource source = ModelSource.read(input);
    Plan plan;
    try {
      plan = plan(source);
    } catch (GraphEditException | IllegalArgumentException e) {
      throw OutputTargets.usage(spec, input + ": " + e.getMessage());
    }
    CheckedEdit<List<String>> edit = CheckedEdit.of(source, copy -> plan.edit().apply(copy));
    edit = noValidateOption.noValidate() ? edit.unchecked()
        : edit.checkedWith(checks.checkOptions(spec, source.model())).comparedWith(plan.reference().of());
    edit = edit.writingTo(target, model.writeOptions(spec));
    CheckedEdit.Outcome<List<String>> outcome;
    try {
      outcome = edit.run();
    } catch (GraphEditException e) {
      throw OutputTargets.usage(spec, input + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (jsonOption.json()) {
      JsonWriter writer = new JsonWriter(out);
      EditJson.write(spec.name(), input, target, outcome, plan.reference().against(), writer);
      writer.finish();
      out.flush();
      return EditOutcomeText.exitCode(outcome);
    }
    out.println(input + ": edit " + spec.name());
    for (String note : outcome.result()) {
      out.println("  " + note);
    }
    return EditOutcomeText.print(outcome, plan.reference().against(), target, out);
  }
}
