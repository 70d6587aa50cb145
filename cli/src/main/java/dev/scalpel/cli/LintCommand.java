package dev.scalpel.cli;

import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.cli.report.LintReport;
import dev.scalpel.cli.report.SummaryJson;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Finding;
import dev.scalpel.opset.lint.ModelLinter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scalpel lint}: checks models against the ONNX operator schemas and prints what breaks
 * them, grouped per model. Read-only.
 */
@Command(
    name = "lint",
    header = "Check models against the ONNX operator specs.",
    mixinStandardHelpOptions = true,
    description = {
      "Check each model against the operator schemas of the ONNX release Scalpel",
      "ships: opset imports and IR version, unknown or not-yet-defined operators,",
      "input and output counts, attribute names, types and required attributes,",
      "and the types of inputs and outputs where they are declared. Subgraphs",
      "and model-local functions are checked too. Each finding names its rule,",
      "the graph and the node.",
      "",
      "Errors break the ONNX specification; warnings (custom operators, which",
      "cannot be checked, deprecated operators) do not fail the command.",
      "",
      "Exit status: 0 when no model has an error, 1 when one has, 3 (or 2 for a",
      "missing file) when a model cannot be read; a read failure outranks errors.",
      "",
      "With --json the output is one JSON array, one object per MODEL in order:",
      "{\"file\", \"errors\", \"warnings\", \"findings\": [{\"severity\", \"rule\",",
      "\"location\", \"node\", \"message\"}]}, or {\"file\", \"error\", \"exitCode\"}",
      "for a model that cannot be read.",
      "",
    })
final class LintCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @ParentCommand
  private ScalpelCommand root;

  @Parameters(paramLabel = "MODEL", arity = "1..*", description = "ONNX model files.")
  private List<Path> models;

  @Mixin
  private JsonOption jsonOption;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ErrorReporter errors = new ErrorReporter(spec.commandLine().getErr(), root.debug());
    JsonWriter jsonOut = jsonOption.json() ? new JsonWriter(out).beginArray() : null;
    ModelLinter linter = ModelLinter.standard();
    int readFailure = ExitCodes.OK;
    boolean anyError = false;
    for (Path file : models) {
      String name = file.toString();
      List<Finding> findings;
      try {
        Model model = ModelSource.read(file).model();
        findings = linter.lint(model);
      } catch (Exception e) {
        int code = errors.report(e);
        readFailure = readFailure == ExitCodes.OK ? code : readFailure;
        if (jsonOut != null) {
          SummaryJson.writeError(name, Failure.of(e), jsonOut);
        }
        continue;
      }
      anyError |= findings.stream().anyMatch(Finding::isError);
      if (jsonOut != null) {
        LintReport.writeJson(name, findings, jsonOut);
      } else {
        LintReport.printText(name, findings, out);
      }
      out.flush();
    }
    if (jsonOut != null) {
      jsonOut.endArray().finish();
    }
    out.flush();
    // NOTE: a model that could not be read was not checked at all, which is worse than one that
    // was checked and failed, so its status wins.
    if (readFailure != ExitCodes.OK) {
      return readFailure;
    }
    return anyError ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
  }
}
