package dev.scalpel.cli;

import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.graph.Model;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.DimPlanner;
import dev.scalpel.runtime.InputSpec;
import dev.scalpel.runtime.audit.ShapeAudit;
import dev.scalpel.runtime.audit.ShapeAuditReport;
import dev.scalpel.runtime.audit.ShapeContradiction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scalpel audit-shapes}: shape inference's soundness audit ({@link ShapeAudit}) over models.
 * Exit status 0 when no inferred dim contradicts ONNX Runtime, 1 when one does; a model that cannot
 * be read or run is reported on stderr and gives its own status (the first such wins).
 */
@Command(
    name = "audit-shapes",
    header = "Check inferred shapes against ONNX Runtime's real ones.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Infer every value's type and shape, run the model through ONNX Runtime with every",
      "intermediate value exposed, at several values of the dynamic dims, and compare: a static",
      "dim must equal the real size, a symbolic one must evaluate to it (data-dependent symbols",
      "to the size they first had in the run). Unknown dims are allowed. The model is not changed.",
      "",
      "  scalpel audit-shapes MODEL... [--points N] [--dims SYMBOL=V1,V2] [--json]",
      "",
    })
final class AuditShapesCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @ParentCommand
  private ScalpelCommand root;

  @Parameters(paramLabel = "MODEL", arity = "1..*", description = "ONNX model files.")
  private List<Path> inputs;

  @Option(names = "--points", paramLabel = "N", defaultValue = "3",
      description = "Dim assignments to run at least, when the model has dynamic dims (default: ${DEFAULT-VALUE}).")
  private int points;

  @Mixin
  private RunOptions run;

  @Mixin
  private JsonOption jsonOption;

  @Override
  public Integer call() {
    if (points < 1) {
      throw new ParameterException(spec.commandLine(), "--points must be at least 1, got " + points);
    }
    PrintWriter out = spec.commandLine().getOut();
    ErrorReporter errors = new ErrorReporter(spec.commandLine().getErr(), root.debug());
    int status = ExitCodes.OK;
    List<Path> audited = new ArrayList<>();
    List<ShapeAuditReport> reports = new ArrayList<>();
    for (Path file : inputs) {
      try {
        Model model = ModelSource.read(file).model();
        CheckOptions options = run.apply(CheckOptions.defaults(), DimPlanner.symbols(InputSpec.of(model)));
        ShapeAuditReport report = ShapeAudit.audit(model, options, points);
        audited.add(file);
        reports.add(report);
        if (!report.contradictions().isEmpty() && status == ExitCodes.OK) {
          status = ExitCodes.CHECK_FAILED;
        }
        if (!jsonOption.json()) {
          printText(out, file, report);
        }
      } catch (Exception e) {
        int code = errors.report(e);
        status = status == ExitCodes.OK ? code : status;
      }
    }
    if (jsonOption.json()) {
      printJson(out, audited, reports);
    }
    out.flush();
    return status;
  }

  private static void printText(PrintWriter out, Path file, ShapeAuditReport report) {
    out.println(file + ": " + report.summary());
    for (ShapeContradiction c : report.contradictions()) {
      out.println("  contradiction: " + c);
    }
    out.flush();
  }

  private static void printJson(PrintWriter out, List<Path> files, List<ShapeAuditReport> reports) {
    JsonWriter w = new JsonWriter(out);
    w.beginObject().name("models").beginArray();
    for (int i = 0; i < files.size(); i++) {
      ShapeAuditReport r = reports.get(i);
      w.beginObject().member("model", files.get(i).toString()).member("values", r.values());
      w.name("points").beginArray();
      for (Map<String, Long> a : r.assignments()) {
        w.beginObject();
        a.forEach(w::member);
        w.endObject();
      }
      w.endArray();
      w.member("valueRuns", r.valueRuns()).member("dimsChecked", r.dimsChecked())
          .member("staticDims", r.staticDims()).member("symbolicEvaluated", r.symbolicEvaluated())
          .member("dataDependentUnbound", r.freshSkipped()).member("unknownDims", r.unknownDims())
          .member("unknownRankValueRuns", r.unknownRanks())
          .member("untypedValues", r.untyped()).member("nonTensorValues", r.notTensors());
      w.name("contradictions").beginArray();
      for (ShapeContradiction c : r.contradictions()) {
        w.beginObject().member("value", c.value()).member("node", c.node()).member("inferred", c.inferred())
            .member("actual", c.actual()).member("point", c.run()).member("why", c.why()).endObject();
      }
      w.endArray().endObject();
    }
    w.endArray().endObject();
    w.finish();
  }
}
