package dev.scalpel.cli;

import dev.scalpel.passes.Analyses;
import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.cli.report.TrtJson;
import dev.scalpel.cli.report.TrtText;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.Pipelines;
import dev.scalpel.passes.PassResult;
import dev.scalpel.opset.lint.trt.TrtReadiness;
import dev.scalpel.opset.lint.trt.TrtReport;
import dev.scalpel.opset.lint.trt.TrtVersion;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.ModelNotRunnableException;
import dev.scalpel.runtime.NoRunnableDimsException;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtEvaluator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scalpel trt}: how ready a model is for TensorRT's ONNX parser ({@link TrtReadiness}),
 * the safe repairs with {@code --fix}, and the trtexec command line that builds it.
 *
 * <p>With --fix, the repaired model is checked against the original through ONNX Runtime and
 * written (atomically) only when the outputs agree; otherwise nothing is written and the exit
 * status is 4.
 */
@Command(
    name = "trt",
    header = "Check a model against what TensorRT's ONNX parser accepts.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Report what in MODEL TensorRT's ONNX parser refuses or changes: operators,",
      "attributes, inputs that must be initializers, data types, INT64 handling,",
      "IR and opset ceilings. Each finding names its rule, node and tensor, and",
      "says how to fix it. No TensorRT runs here: the rules follow the parser's",
      "documented behaviour (its operator table, changelog, FAQ and importers).",
      "",
      "  scalpel trt MODEL [--trt-version 8.6|10] [--profile batch=1:8:32] [--json]",
      "  scalpel trt MODEL --fix -o OUT",
      "",
      "--fix folds constants (so computed axes, pads, K... become initializers)",
      "and, for 8.6, stores INT64 initializers as INT32 where the values fit and",
      "every consumer accepts INT32; OUT is written only if ONNX Runtime gives",
      "the same outputs as the original (within --atol/--rtol, at --dims, with",
      "--seed); it is checked from the staged file, beside OUT, that is moved",
      "into place.",
      "",
      "--profile names the range of a dynamic dim symbol for the trtexec command",
      "line (--minShapes/--optShapes/--maxShapes); a dynamic dim without a range",
      "is reported.",
      "",
      "Exit status: 0 ready (no error finding), 1 not ready, 4 the repairs changed",
      "the outputs (nothing written), 2 usage error, 3 invalid model.",
      "",
    })
final class TrtCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @ParentCommand
  private ScalpelCommand root;

  @Parameters(paramLabel = "MODEL", description = "ONNX model file.")
  private Path input;

  @Option(names = "--trt-version", paramLabel = "VERSION", defaultValue = "10",
      description = "TensorRT version: 8.6 or 10 (default: ${DEFAULT-VALUE}).")
  private String trtVersion;

  @Option(names = "--fix", description = "Apply the safe repairs and write the result to -o OUT (or into -O DIR).")
  private boolean fix;

  @Mixin
  private OutputTargets outputTargets;

  @Mixin
  private DataLayoutOptions layout;

  /** Where --fix writes the repaired model; null without --fix. */
  private Path output;

  @Option(names = "--profile", paramLabel = "NAME=MIN:OPT:MAX",
      description = "Range of a dynamic dim for the trtexec profile (repeatable), such as batch=1:8:32.")
  private List<String> profiles = new ArrayList<>();

  @Mixin
  private JsonOption jsonOption;

  @Mixin
  private EditCheckOptions checks;

  @Override
  public Integer call() throws IOException {
    TrtVersion version = parseVersion();
    List<DimRange> ranges = parseRanges();
    checkOutput();
    ModelSource source = ModelSource.read(input);
    List<PassResult> fixes = List.of();
    EquivalenceReport equivalence = null;
    String written = null;
    Model reported;
    if (fix) {
      CheckedEdit.Outcome<List<PassResult>> outcome;
      try {
        // NOTE: the repair preset starts with infer-shapes; no separate inference run here.
        outcome = CheckedEdit.of(source, copy -> PassManager.builder().addAll(Pipelines.trtRepairs(version, Pipelines.Options.defaults().withFallback(new OrtEvaluator())))
              .verifyAfterEachPass(true).build().run(copy).passes())
            .checkedWith(checks.checkOptions(spec, source.model()))
            .writingTo(output, outputTargets.protecting(layout.writeOptions(spec), input))
            .run();
      } catch (NoRunnableDimsException e) {
        throw e; // NOTE: not an invalid model; the message suggests --dims (exit 1)
      } catch (ModelNotRunnableException e) {
        throw new InvalidModelException("cannot validate the repairs: " + e.getMessage(), e);
      }
      fixes = outcome.result();
      equivalence = outcome.check().orElseThrow();
      if (outcome.passed()) {
        written = output.toString();
        reported = outcome.model();
      } else {
        reported = inferred(source);
      }
    } else {
      reported = inferred(source);
    }
    TrtReport report = TrtReadiness.check(reported, version);
    TrtexecPlan plan;
    try {
      plan = TrtexecPlan.of(reported, written != null ? written : input.toString(), ranges);
    } catch (IllegalArgumentException e) {
      throw OutputTargets.usage(spec, e.getMessage());
    }
    TrtOutcome outcome = new TrtOutcome(input.toString(), report, plan, fixes, equivalence, written);
    PrintWriter out = spec.commandLine().getOut();
    if (jsonOption.json()) {
      JsonWriter w = new JsonWriter(out);
      TrtJson.write(outcome, w);
      w.finish();
    } else {
      TrtText.print(outcome, out);
    }
    out.flush();
    return outcome.exitCode();
  }

  /** A copy of the source's model with shapes inferred (the readiness rules read them). */
  private static Model inferred(ModelSource source) {
    Model model = source.model().deepCopy();
    new Analyses().shapes(model);
    return model;
  }

  private TrtVersion parseVersion() {
    try {
      return TrtVersion.parse(trtVersion);
    } catch (IllegalArgumentException e) {
      throw OutputTargets.usage(spec, "--trt-version: " + e.getMessage());
    }
  }

  private List<DimRange> parseRanges() {
    List<DimRange> out = new ArrayList<>();
    for (String p : profiles) {
      try {
        out.add(DimRange.parse(p));
      } catch (IllegalArgumentException e) {
        throw OutputTargets.usage(spec, "--profile: " + e.getMessage());
      }
    }
    return out;
  }

  /** Sets {@link #output}: the checks of {@link OutputTargets}, and -o only with --fix. */
  private void checkOutput() throws IOException {
    if (!Files.isRegularFile(input)) {
      throw OutputTargets.usage(spec, Files.exists(input) ? input + " is not a file" : "no such file: " + input);
    }
    if (fix && !outputTargets.given()) {
      throw OutputTargets.usage(spec, "--fix needs -o OUT or -O DIR");
    }
    if (!fix && outputTargets.given()) {
      throw OutputTargets.usage(spec, "-o and -O are only written with --fix");
    }
    if (!fix && checks.given()) {
      throw OutputTargets.usage(spec, "--atol, --rtol and --dims set the check of --fix's repairs; there is none without --fix");
    }
    output = fix ? outputTargets.resolve(List.of(input), spec, "fix").get(0) : null;
    if (output != null) {
      layout.checkTargets(List.of(input), List.of(output), spec);
    }
  }
}
