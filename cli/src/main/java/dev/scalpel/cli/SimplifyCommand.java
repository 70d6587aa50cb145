package dev.scalpel.cli;

import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.cli.report.SimplifyJson;
import dev.scalpel.cli.report.SimplifyText;
import dev.scalpel.cli.report.html.HtmlPage;
import dev.scalpel.cli.report.html.ModelReports;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.passes.PassRegistry;
import dev.scalpel.passes.Pipelines;
import dev.scalpel.passes.dims.InputShape;
import dev.scalpel.passes.rewrite.Explanation;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.rewrite.RuleSet;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.DimPlanner;
import dev.scalpel.runtime.InputSpec;
import dev.scalpel.runtime.ModelNotRunnableException;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.simplify.Simplifier;
import dev.scalpel.runtime.simplify.SimplifyOptions;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code scalpel simplify}: runs the simplify pipeline ({@link Simplifier}) on models, checks each
 * result against its original through ONNX Runtime, and writes it only when they agree.
 *
 * <p>Usage checks happen before any model is read. A model whose result differs (exit 4) or fails
 * (exit 3, 70) leaves no output file; the other models still run and the exit status is that of the
 * first failure.
 */
@Command(
    name = "simplify",
    header = "Simplify ONNX models: fold constants, fuse, eliminate, and check the result.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Simplify ONNX models: infer shapes, fold constants (Java kernels, ONNX",
      "Runtime for the rest), fuse BatchNormalization into Conv, collapse shape",
      "arithmetic and remove no-op nodes, repeated until nothing changes.",
      "",
      "  scalpel simplify IN -o OUT [options]",
      "  scalpel simplify IN... -O DIR [options]   (same file names, in DIR)",
      "  scalpel simplify --list-passes",
      "",
      "Before anything is written, the original and the simplified model run",
      "through ONNX Runtime on the same random inputs at two values of each",
      "dynamic dim (see `scalpel validate`); if an output differs, nothing is",
      "written and the exit status is 4. --no-validate skips this check.",
      "",
      "A table compares nodes, initializers, parameters, bytes and operators",
      "before and after, with the time of each pass.",
      "",
    })
final class SimplifyCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @ParentCommand
  private ScalpelCommand root;

  @Parameters(paramLabel = "IN", arity = "0..*", description = "ONNX model files to simplify.")
  private List<Path> inputs = new ArrayList<>();

  @Mixin
  private OutputTargets outputTargets;

  @Mixin
  private InputShapeOptions inputShapes;

  @Option(names = "--passes", paramLabel = "ID[,ID...]", split = ",", hideParamSyntax = true,
      description = "Run only these passes, in this order (default: the simplify pipeline; see --list-passes).")
  private List<String> passes;

  @Option(names = "--skip", paramLabel = "ID[,ID...]", split = ",", hideParamSyntax = true,
      description = "Leave out these passes, or single rules of the rewrite pass such as "
          + "fuse-batchnorm-into-conv (repeatable).")
  private List<String> skip = new ArrayList<>();

  @Option(names = "--list-passes", help = true, description = "List the passes and rules, then exit.")
  private boolean listPasses;

  @Mixin
  private FoldingOptions folding;

  @Option(names = "--drop-unused-inputs", description = "Remove graph inputs that nothing reads "
      + "(kept by default, so the model's signature does not change).")
  private boolean dropUnusedInputs;

  @Option(names = "--max-rounds", paramLabel = "N", defaultValue = "" + SimplifyOptions.DEFAULT_MAX_ROUNDS,
      description = "Most rounds of the pipeline (default: ${DEFAULT-VALUE}).")
  private int maxRounds;

  @Mixin
  private NoValidateOption noValidateOption;

  @Mixin
  private ToleranceOptions tolerances;

  @Mixin
  private RunOptions run;

  @Mixin
  private DataLayoutOptions layout;

  @Option(names = "--explain", paramLabel = "RULE",
      description = "After simplifying, show for each node RULE could apply to why it did or did not fire.")
  private String explain;

  @Mixin
  private JsonOption jsonOption;

  @Mixin
  private HtmlReportOption htmlReport;

  @Mixin
  private ProgressOptions progressOptions;

  @Mixin
  private QuietOption quietOption;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Progress progress = Progress.of(spec, root, progressOptions, quietOption.quiet(), jsonOption.json());
    String[] current = {""};
    Simplifier simplifier = new Simplifier(PassRegistry.standard(), r -> progress.pass(current[0], r),
        phase -> progress.step(current[0] + ": " + phase),
        (role, run, runs, dims) -> progress.runs(current[0]).starting(role, run, runs, dims));
    if (listPasses) {
      SimplifyText.listPasses(simplifier, out);
      out.flush();
      return ExitCodes.OK;
    }
    if (inputs.isEmpty()) {
      throw usage("give at least one model (or --list-passes)");
    }
    SimplifyOptions options = options(simplifier);
    HtmlPage page = htmlReport.page(spec, "scalpel simplify");
    WriteOptions writeOptions = layout.writeOptions(spec);
    List<Path> targets = outputTargets.resolve(inputs, spec, "simplify");
    layout.checkTargets(inputs, targets, spec);

    ErrorReporter errors = new ErrorReporter(spec.commandLine().getErr(), root.debug());
    JsonWriter jsonOut = jsonOption.json() ? new JsonWriter(out).beginArray() : null;
    int status = ExitCodes.OK;
    long passCount = options.pipeline().stream().filter(id -> !options.skip().contains(id)).count();
    for (int i = 0; i < inputs.size(); i++) {
      current[0] = inputs.get(i) + (inputs.size() > 1 ? " (" + (i + 1) + "/" + inputs.size() + ")" : "");
      progress.startPasses((int) passCount);
      int code = simplifyOne(simplifier, inputs.get(i), targets.get(i), options, writeOptions, jsonOut, errors, page, i);
      status = status == ExitCodes.OK ? code : status;
    }
    progress.done();
    if (jsonOut != null) {
      jsonOut.endArray();
      jsonOut.finish();
    }
    out.flush();
    htmlReport.write(page);
    return status;
  }

  private int simplifyOne(Simplifier simplifier, Path input, Path target, SimplifyOptions base,
      WriteOptions writeOptions, JsonWriter jsonOut, ErrorReporter errors, HtmlPage page, int index) {
    PrintWriter out = spec.commandLine().getOut();
    long start = System.nanoTime();
    try {
      ModelSource source = ModelSource.read(input);
      SimplifyOptions options = base.withCheck(checkOptions(source.model(), base.check()))
          .withInputShapes(inputShapes.withSharedSymbols(source.model()));
      SimplifyResult result;
      try {
        result = simplifier.run(source, options, new CheckedEdit.Output(target, outputTargets.protecting(writeOptions, input)));
      } catch (ModelNotRunnableException e) {
        // NOTE: at shapes the user gave for some inputs, a failure to run is theirs to fix (exit 2).
        throw inputShapes.partialShapeFailure(source.model(), e, Set.of(), run.dims().keySet());
      }
      boolean write = result.report().passed();
      OnnxWriter.WriteReport written = result.written().orElse(null);
      double wallMs = (System.nanoTime() - start) / 1e6;
      SimplifiedModel done = new SimplifiedModel(input, java.nio.file.Files.size(input), target, options, result, written, wallMs);
      // NOTE: after the write: inference for the shape rules' explanations types the result in place.
      // NOTE: a rule that did not run (skipped, or its pass not in --passes) is reported as such, not explained.
      String notRun = explain == null ? null
          : Pipelines.whyNotRun(explain, options.pipeline(), options.skip()).orElse(null);
      List<Explanation> explanations = explain == null || notRun != null ? List.of()
          : ruleSetOf(explain).explain(explain, result.model(), new Analyses().shapes(result.model()));
      if (jsonOut != null) {
        SimplifyJson.write(done, explain, explanations, notRun, jsonOut);
      } else if (!quietOption.quiet() || !write) {
        SimplifyText.print(done, out);
        if (explain != null) {
          SimplifyText.explanations(explain, explanations, notRun, out);
        }
      }
      out.flush();
      if (page != null) {
        page.add(ModelReports.simplified(index, done, source.model()));
      }
      return done.exitCode();
    } catch (Exception e) {
      int code = errors.report(e);
      if (page != null) {
        page.add(ModelReports.failed(input.toString(), Failure.of(e).message()));
      }
      if (jsonOut != null) {
        jsonOut.beginObject().member("model", input.toString()).member("error", Failure.of(e).message())
            .member("exitCode", code).endObject();
      }
      return code;
    }
  }

  private SimplifyOptions options(Simplifier simplifier) {
    Set<String> known = simplifier.skippableIds();
    for (String id : skip) {
      if (!known.contains(id.trim())) {
        throw usage("--skip " + id + ": no pass or rule with that id; see --list-passes");
      }
    }
    List<String> pipeline = Pipelines.simplifyIds();
    if (passes != null) {
      pipeline = new ArrayList<>();
      List<String> passIds = PassRegistry.standard().ids();
      for (String id : passes) {
        String trimmed = id.trim();
        if (!passIds.contains(trimmed)) {
          throw usage("--passes " + trimmed + ": no pass with that id; see --list-passes");
        }
        pipeline.add(trimmed);
      }
      if (pipeline.isEmpty()) {
        throw usage("--passes needs at least one pass id");
      }
    }
    if (explain != null && !RuleSet.standard().has(explain) && !RuleSet.shapes().has(explain)) {
      throw usage("--explain " + explain + ": no rewrite rule with that id; see --list-passes");
    }
    if (maxRounds < 1) {
      throw usage("--max-rounds must be at least 1");
    }
    if (noValidateOption.noValidate() && tolerances.given()) {
      throw usage("--atol/--rtol set the tolerance of the check, which --no-validate turns off");
    }
    Set<String> skipped = new LinkedHashSet<>();
    skip.forEach(s -> skipped.add(s.trim()));
    return SimplifyOptions.defaults()
        .withInputShapes(inputShapes.shapes())
        .withPipeline(pipeline)
        .withSkip(skipped)
        .withMaxFoldOutputBytes(folding.foldBudget())
        .withFoldWithOnnxRuntime(folding.ortFolding())
        .withFoldQdq(folding.foldQdq())
        .withDropUnusedInputs(dropUnusedInputs)
        .withValidate(!noValidateOption.noValidate())
        .withMaxRounds(maxRounds)
        .withCheck(CheckOptions.defaults().withTolerance(tolerances.tolerance(spec)));
  }

  /** The check's options for one model: the seed and those --dims that name its dynamic dims. */
  private CheckOptions checkOptions(Model model, CheckOptions base) {
    Set<String> symbols = DimPlanner.symbols(InputSpec.of(model));
    return run.apply(base, symbols);
  }

  private ParameterException usage(String message) {
    return OutputTargets.usage(spec, message);
  }

  /** The rule set ({@code rewrite} or {@code rewrite-shapes}) with the rule {@code id}. */
  private static RuleSet ruleSetOf(String id) {
    return RuleSet.shapes().has(id) ? RuleSet.shapes() : RuleSet.standard();
  }
}
