package dev.scalpel.cli;

import dev.scalpel.cli.report.CheckJUnit;
import dev.scalpel.cli.report.CheckJson;
import dev.scalpel.cli.report.CheckText;
import dev.scalpel.cli.report.JUnitXml;
import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.cli.report.html.HtmlPage;
import dev.scalpel.cli.report.html.ModelReports;
import dev.scalpel.runtime.Tolerance;
import dev.scalpel.runtime.simplify.SimplifyResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scalpel check}: the pre-deployment gate a CI job runs on models. Each model goes through
 * the stages of {@link ModelChecker}; one failing model does not stop the others.
 *
 * <p>Exit status: the most severe of all models: 3 when a model cannot be read or ONNX Runtime
 * refuses it (cannot load or run it), 2 when a file is missing, 1 when a check failed (IR
 * verifier findings, inputs that cannot be generated), else 0. {@code --dims} naming a dim that
 * no model has is a usage error before anything runs.
 */
@Command(
    name = "check",
    header = "Check that models are ready to deploy: they load, verify, lint, run and simplify.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the pre-deployment checks on each model:",
      "  load      read the model and verify its IR (unique names, every input",
      "            defined, declared domains, no cycles, topological order)",
      "  lint      check it against the ONNX operator schemas (errors fail,",
      "            warnings do not; see `scalpel lint`)",
      "  run       ONNX Runtime loads it and runs it on random inputs at two",
      "            values of every dynamic dim (--dims to choose them)",
      "  simplify  `scalpel simplify` on a copy, checked against the model at",
      "            the same dims and --atol/--rtol (nothing is written); runs",
      "            when the others pass; --fold-budget and --no-ort-folding as",
      "            for simplify",
      "",
      "Exit status 0 when every model passes, 1 when a check failed, 3 when a",
      "model cannot be read or ONNX Runtime refuses it, 4 when the simplified",
      "model's outputs differ (the most severe of all models wins), 2 for a",
      "usage error or a missing file.",
      "",
    })
final class CheckCommand implements Callable<Integer> {
  static final String SUITE = "scalpel.check";

  @Spec
  private CommandSpec spec;

  @ParentCommand
  private ScalpelCommand root;

  @Parameters(paramLabel = "MODEL", arity = "1..*", description = "ONNX model files.")
  private List<Path> models;

  @Mixin
  private RunOptions run;

  @Mixin
  private ToleranceOptions tolerances;

  @Mixin
  private FoldingOptions folding;

  @Mixin
  private ReportOptions reports;

  @Mixin
  private HtmlReportOption htmlReport;

  @Mixin
  private ProgressOptions progressOptions;

  @Override
  public Integer call() throws IOException {
    HtmlPage page = htmlReport.page(spec, "scalpel check");
    Tolerance tolerance = tolerances.tolerance(spec);
    long start = System.nanoTime();
    List<ModelChecker.Loaded> loaded = new ArrayList<>();
    Set<String> symbols = new LinkedHashSet<>();
    for (Path file : models) {
      ModelChecker.Loaded l = ModelChecker.load(file);
      loaded.add(l);
      symbols.addAll(l.symbols());
    }
    for (String symbol : run.dims().keySet()) {
      if (!symbols.contains(symbol)) {
        throw new ParameterException(spec.commandLine(), "--dims " + symbol + ": no model has a dynamic dim named '"
            + symbol + "'; their dynamic dims are " + (symbols.isEmpty() ? "none" : String.join(", ", symbols)));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    List<ModelCheck> checks = new ArrayList<>();
    Progress progress = Progress.of(spec, root, progressOptions, false, reports.json());
    for (ModelChecker.Loaded l : loaded) {
      progress.step(models.get(checks.size()) + " (" + (checks.size() + 1) + "/" + loaded.size()
          + "): load, verify, lint, run in ONNX Runtime, simplify");
      SimplifyResult[] simplified = new SimplifyResult[1];
      ModelCheck check = ModelChecker.run(l, run, tolerance, folding, progress.runs(l.file()), r -> simplified[0] = r);
      checks.add(check);
      if (page != null) {
        page.add(ModelReports.checked(checks.size() - 1, check, l.source() == null ? null : l.source().model(),
            simplified[0]));
      }
      reportErrors(check);
      if (!reports.json()) {
        CheckText.print(check, out);
        out.flush();
      }
    }
    progress.done();
    if (reports.json()) {
      JsonWriter json = new JsonWriter(out);
      CheckJson.write(checks, json);
      json.finish();
    } else {
      CheckText.summary(checks, out);
    }
    out.flush();
    htmlReport.write(page);
    if (reports.junit() != null) {
      JUnitXml.write(reports.junit(), SUITE, (System.nanoTime() - start) / 1e9, CheckJUnit.cases(checks));
    }
    return ModelCheck.exitCode(checks);
  }

  /**
   * Repeats the stages that could not run the model on stderr, as {@code error: } lines like every
   * command's errors, each naming the model's file once. NOTE: failed checks (status 1) are
   * results, not errors, and stay on stdout.
   */
  private void reportErrors(ModelCheck check) {
    PrintWriter err = spec.commandLine().getErr();
    for (StageResult s : check.stages()) {
      if (s.status() == StageResult.Status.ERROR) {
        // NOTE: the load stage's errors name the file already (ModelChecker.load); the later
        // stages' do not (ONNX Runtime's text may hold the path, but not in front).
        String message = s.stage().equals("load") ? s.message() : check.file() + ": " + s.message();
        err.println("error: " + message);
      }
    }
    err.flush();
  }
}
