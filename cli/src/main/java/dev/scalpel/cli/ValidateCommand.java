package dev.scalpel.cli;

import dev.scalpel.cli.report.JUnitXml;
import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.cli.report.ValidateJUnit;
import dev.scalpel.cli.report.ValidateJson;
import dev.scalpel.cli.report.ValidateText;
import dev.scalpel.cli.report.html.HtmlPage;
import dev.scalpel.cli.report.html.ModelReports;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckRequest;
import dev.scalpel.runtime.DimPlanner;
import dev.scalpel.runtime.DivergenceLocator;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.InputSpec;
import dev.scalpel.runtime.Localization;
import dev.scalpel.runtime.ModelNotRunnableException;
import dev.scalpel.runtime.ModelRole;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OutputVerdict;
import dev.scalpel.runtime.SavedOutputsChecker;
import dev.scalpel.runtime.Tolerance;
import dev.scalpel.runtime.ValueRange;
import dev.scalpel.runtime.inputs.InputFile;
import dev.scalpel.runtime.inputs.InputFiles;
import dev.scalpel.runtime.inputs.SavedRun;
import dev.scalpel.runtime.inputs.SavedRunFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * {@code scalpel validate}: runs an original and a rewritten model through ONNX Runtime on the
 * same inputs and reports, per output, whether they agree within tolerance ({@link
 * EquivalenceChecker}); with {@code --localize}, also the first node where they diverge.
 *
 * <p>Option mistakes, unknown dim symbols and unusable input files are usage errors (2) found
 * before ONNX Runtime runs; a model that cannot be read or that ONNX Runtime refuses is 3 and the
 * message says which of the two it is; differing outputs are 4.
 */
@Command(
    name = "validate",
    header = "Check that a rewritten model computes what the original computes.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run ORIGINAL and REWRITTEN through ONNX Runtime (its graph optimizations",
      "off) on the same inputs and compare every output of ORIGINAL with the",
      "output of the same name of REWRITTEN: shape, element type, max absolute",
      "and relative error, elements outside |a - e| <= atol + rtol * |e|, and",
      "NaN/Inf parity. Integer and boolean outputs must match exactly.",
      "",
      "Inputs are matched by name: random (seeded) floats in [0, 1) and",
      "integers in {0, 1} unless --load-inputs gives data; --load-inputs may",
      "also give an input only REWRITTEN has (the factor of parameterize-resize).",
      "Every dynamic dim takes two values (one run each) unless --dims fixes them;",
      "values are chosen where shape inference shows the model can run",
      "(multiples of 32 for a detector, enough samples for an audio encoder).",
      "",
      "With --load-outputs FILE, check one model against a run saved by",
      "`scalpel run --save-outputs FILE`: the saved inputs are replayed exactly",
      "and the saved outputs are ORIGINAL's (same tolerances; exit 4 on a mismatch).",
      "",
      "Exit status 0 when the models agree, 4 when an output differs or the",
      "signatures are incompatible, 3 when a model cannot be read or ONNX",
      "Runtime refuses it, 1 when no sizes tried for the dynamic dims let the",
      "original run (give them with --dims), 2 for a usage error.",
      "",
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @ParentCommand
  private ScalpelCommand root;

  @Mixin
  private ProgressOptions progressOptions;

  @Parameters(index = "0", paramLabel = "ORIGINAL", description = "The reference model.")
  private Path original;

  @Parameters(index = "1", paramLabel = "REWRITTEN", arity = "0..1",
      description = "The model to check against it (not with --load-outputs).")
  private Path rewritten;

  @Option(names = "--load-outputs", paramLabel = "FILE",
      description = "Check the one model given against a run saved by `scalpel run --save-outputs` "
          + "(or a .npz/.json Python wrote): replays the saved inputs and compares the saved outputs.")
  private Path loadOutputs;

  @Option(names = "--reference", paramLabel = "MODEL",
      description = "With --load-outputs and --localize: the model the outputs were saved from, run "
          + "on the saved inputs to find the first node where the models diverge.")
  private Path reference;

  @Mixin
  private ToleranceOptions tolerances;

  @Option(names = "--tolerance", paramLabel = "OUTPUT=ATOL:RTOL", converter = OutputTolerance.Converter.class,
      description = "Tolerance of one output (repeatable).")
  private List<OutputTolerance> outputTolerances = new ArrayList<>();

  @Mixin
  private RunOptions run;

  @Option(names = "--float-range", paramLabel = "LO:HI", converter = RangeOption.RangeConverter.class,
      description = "Range of random floating-point inputs, HI excluded (default 0:1).")
  private ValueRange floatRange;

  @Option(names = "--int-range", paramLabel = "LO:HI", converter = RangeOption.RangeConverter.class,
      description = "Range of random integer inputs, HI included (default 0:1).")
  private ValueRange intRange;

  @Option(names = "--input-range", paramLabel = "NAME=LO:HI", converter = RangeOption.Converter.class,
      description = "Range of the random values of one input (repeatable).")
  private List<RangeOption> inputRanges = new ArrayList<>();

  @Mixin
  private InputDataOption inputData;

  @Option(names = "--localize", description = "When outputs differ, name the first node where the "
      + "models diverge (runs both again with their shared tensors as outputs).")
  private boolean localize;

  @Mixin
  private ReportOptions reports;

  @Mixin
  private HtmlReportOption htmlReport;

  @Override
  public Integer call() throws IOException {
    Tolerance tolerance = tolerances.tolerance(spec);
    HtmlPage page = htmlReport.page(spec, "scalpel validate");
    List<InputFile> files = parseInputFiles();
    if (loadOutputs != null || rewritten == null || reference != null) {
      return validateSaved(tolerance, files);
    }
    long start = System.nanoTime();
    PrintWriter out = spec.commandLine().getOut();
    Validation validation;
    try {
      ModelSource orig = read(original, ModelRole.ORIGINAL);
      ModelSource rewr = read(rewritten, ModelRole.REWRITTEN);
      CheckOptions options = options(orig.model(), rewr.model(), tolerance, files);
      Progress progress = Progress.of(spec, root, progressOptions, false, reports.json());
      progress.step(rewritten + " against " + original + " in ONNX Runtime");
      EquivalenceReport report = EquivalenceChecker.check(
          CheckRequest.of(orig, rewr, options).withProgress(progress.runs(rewritten.toString())));
      progress.done();
      Validation.Localized localized = localize && !report.passed() ? localize(orig, rewr, options, report) : null;
      validation = new Validation(original.toString(), rewritten.toString(), options, report, localized,
          (System.nanoTime() - start) / 1e6);
      if (page != null) {
        htmlReport.write(page.add(ModelReports.validated(validation, orig.model(), rewr.model())));
      }
    } catch (InvalidModelException | ModelNotRunnableException e) {
      if (page != null) {
        htmlReport.write(page.add(ModelReports.failed(original + " vs " + rewritten, Failure.of(e).message())));
      }
      return modelError(e, (System.nanoTime() - start) / 1e6);
    }
    return report(validation, out);
  }

  /** Prints the validation as asked (table or JSON, and JUnit XML) and returns its exit status. */
  private int report(Validation validation, PrintWriter out) throws IOException {
    if (reports.json()) {
      JsonWriter json = new JsonWriter(out);
      ValidateJson.write(validation, json);
      json.finish();
    } else {
      ValidateText.print(validation, out);
    }
    out.flush();
    if (reports.junit() != null) {
      JUnitXml.write(reports.junit(), ValidateJUnit.SUITE, validation.wallMs() / 1000, ValidateJUnit.cases(validation));
    }
    return validation.exitCode();
  }

  /**
   * {@code validate MODEL --load-outputs FILE}: the saved run plays the original (its file is the
   * report's original), the model the rewritten one ({@link SavedOutputsChecker}).
   */
  private int validateSaved(Tolerance tolerance, List<InputFile> files) throws IOException {
    if (loadOutputs == null) {
      throw usage(rewritten == null ? "missing REWRITTEN: validate ORIGINAL REWRITTEN, or validate MODEL --load-outputs FILE"
          : "--reference needs --load-outputs");
    }
    if (rewritten != null) {
      throw usage("--load-outputs checks one model: validate MODEL --load-outputs FILE (" + rewritten + " is extra)");
    }
    if (reference != null && !localize) {
      throw usage("--reference is for --localize");
    }
    long start = System.nanoTime();
    PrintWriter out = spec.commandLine().getOut();
    Validation validation;
    try {
      ModelSource model = ModelSource.read(original);
      CheckOptions options = options(model.model(), model.model(), tolerance, files);
      Map<String, DataType> types = declaredTypes(model.model());
      for (Value v : model.model().graph().outputs()) {
        if (v.type() instanceof ValueType.TensorType t) {
          types.putIfAbsent(v.name(), t.elementType());
        }
      }
      SavedRun saved = SavedRunFormat.read(loadOutputs, types);
      Map<String, Tensor> inputs = new LinkedHashMap<>(saved.inputs());
      for (Map.Entry<String, Tensor> e : options.inputs().entrySet()) {
        if (inputs.putIfAbsent(e.getKey(), e.getValue()) != null) {
          throw usage("input '" + e.getKey() + "' is given twice: by " + loadOutputs + " and by --load-inputs");
        }
      }
      EquivalenceReport report = SavedOutputsChecker.check(model, inputs, saved.outputs(), options);
      Validation.Localized localized = null;
      if (localize && !report.passed()) {
        Localization where = reference == null
            ? new Localization(null, 0, List.of(), "a saved run has no intermediate values; give the model the "
                + "outputs were saved from with --reference to localize")
            : DivergenceLocator.locate(read(reference, ModelRole.ORIGINAL), model, inputs, options);
        localized = new Validation.Localized(0, where);
      }
      validation = new Validation(loadOutputs.toString(), original.toString(), options, report, localized,
          (System.nanoTime() - start) / 1e6);
    } catch (InvalidModelException | ModelNotRunnableException e) {
      return modelError(e, (System.nanoTime() - start) / 1e6);
    }
    return report(validation, out);
  }

  private List<InputFile> parseInputFiles() {
    List<InputFile> out = new ArrayList<>();
    for (String text : inputData.files()) {
      out.add(InputFile.parse(text));
    }
    return out;
  }

  /** Reads a model; a model that cannot be read is reported as the original or the rewritten one. */
  private static ModelSource read(Path file, ModelRole role) throws IOException {
    try {
      return ModelSource.read(file);
    } catch (InvalidModelException e) {
      throw new InvalidModelException(role.label() + " model: " + e.getMessage(), e);
    }
  }

  private CheckOptions options(Model model, Model rewrittenModel, Tolerance tolerance, List<InputFile> files) {
    Set<String> symbols = DimPlanner.symbols(InputSpec.of(model));
    for (String symbol : run.dims().keySet()) {
      if (!symbols.contains(symbol)) {
        throw usage("--dims " + symbol + ": the original model has no dynamic dim named '" + symbol
            + "'; its dynamic dims are " + (symbols.isEmpty() ? "none" : String.join(", ", symbols)));
      }
    }
    Set<String> outputs = new java.util.HashSet<>();
    model.graph().outputs().forEach(v -> outputs.add(v.name()));
    Set<String> inputs = new java.util.HashSet<>();
    model.graph().inputs().forEach(v -> inputs.add(v.name()));
    CheckOptions options = run.apply(CheckOptions.defaults(), symbols).withTolerance(tolerance);
    for (OutputTolerance t : outputTolerances) {
      if (!outputs.contains(t.output())) {
        throw usage("--tolerance " + t.output() + ": the original model has no output named '" + t.output() + "'");
      }
      options = options.withOutputTolerance(t.output(), t.tolerance());
    }
    if (floatRange != null) {
      options = options.withFloatRange(floatRange);
    }
    if (intRange != null) {
      options = options.withIntegerRange(intRange);
    }
    for (RangeOption r : inputRanges) {
      if (!inputs.contains(r.input())) {
        throw usage("--input-range " + r.input() + ": the original model has no input named '" + r.input() + "'");
      }
      options = options.withInputRange(r.input(), r.range());
    }
    if (!files.isEmpty()) {
      // NOTE: an input only the rewritten model has (parameterize-resize's factor) may be given too.
      Map<String, DataType> types = declaredTypes(rewrittenModel);
      types.putAll(declaredTypes(model));
      Map<String, Tensor> tensors = InputFiles.load(files, types);
      options = options.withInputs(tensors);
    }
    return options;
  }

  /** Element types of the model's inputs, for JSON input values that do not state theirs. */
  private static Map<String, DataType> declaredTypes(Model model) {
    Map<String, DataType> out = new LinkedHashMap<>();
    for (Value v : model.graph().inputs()) {
      if (v.type() instanceof ValueType.TensorType t) {
        out.put(v.name(), t.elementType());
      }
    }
    return out;
  }

  /**
   * Localizes at the dims of the worst run of the first failing output. NOTE: the locator draws
   * fresh inputs for those dims, so they equal the checker's only in shape; a difference that
   * depends on particular values may not show again (then the report says no divergence).
   */
  private static Validation.Localized localize(ModelSource orig, ModelSource rewr, CheckOptions options,
      EquivalenceReport report) {
    List<OutputVerdict> failed = report.failedOutputs();
    int runIndex = failed.isEmpty() ? 0 : failed.get(0).worstRun();
    Localization where = DivergenceLocator.locate(orig, rewr, options, report.runs().get(runIndex));
    return new Validation.Localized(runIndex, where);
  }

  /** Reports a model that cannot be read or run; the reports say so too, so CI shows it. */
  private int modelError(RuntimeException e, double wallMs) throws IOException {
    Failure failure = Failure.of(e);
    if (reports.json()) {
      PrintWriter out = spec.commandLine().getOut();
      JsonWriter json = new JsonWriter(out);
      json.beginObject()
          .member("model", rewritten == null ? original.toString() : rewritten.toString())
          .member("original", rewritten == null && loadOutputs != null ? loadOutputs.toString() : original.toString())
          .member("rewritten", rewritten == null ? original.toString() : rewritten.toString())
          .member("error", failure.message())
          .member("exitCode", failure.exitCode())
          .endObject().finish();
      out.flush();
    }
    if (reports.junit() != null) {
      JUnitXml.write(reports.junit(), ValidateJUnit.SUITE, wallMs / 1000, List.of(new JUnitXml.TestCase(
          ValidateJUnit.className(rewritten == null ? original.toString() : rewritten.toString()), "models", wallMs / 1000, JUnitXml.Result.ERROR,
          failure.message(), "")));
    }
    return new ErrorReporter(spec.commandLine().getErr(), root.debug()).report(e);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
