package dev.scalpel.cli;

import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.cli.report.SummaryJson;
import dev.scalpel.passes.Analyses;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.Finding;
import dev.scalpel.opset.infer.InferenceCheck;
import dev.scalpel.opset.infer.ShapeInference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * {@code scalpel infer-shapes}: writes models whose intermediate values carry the types and
 * (symbolic) shapes that inference finds, and says what it found: how many values are typed,
 * the conflicts and errors (naming value and node), the operators without a rule.
 *
 * <p>Usage checks happen before any model is read; every write goes through {@link OnnxWriter},
 * which writes atomically, so a model that fails (or, with --strict, has conflicts) leaves no
 * output.
 */
@Command(
    name = "infer-shapes",
    header = "Infer the types and symbolic shapes of every value of ONNX models.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Infer types and shapes (symbolic dims such as batch, 2*h, floor((w-1)/2)+1)",
      "and write them into the models.",
      "",
      "  scalpel infer-shapes MODEL -o OUT [--strict]",
      "  scalpel infer-shapes MODEL... -O DIR [--strict]   (same file names, in DIR)",
      "",
      "Inference only refines declared types; a declared type it contradicts is",
      "kept and reported as a conflict. With --strict, conflicts and errors fail",
      "the model (exit 1) and nothing is written for it. The input is never",
      "overwritten without --force.",
      "",
    })
final class InferShapesCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @ParentCommand
  private ScalpelCommand root;

  @Parameters(paramLabel = "MODEL", arity = "1..*", description = "ONNX model files.")
  private List<Path> inputs;

  @Mixin
  private OutputTargets outputTargets;

  @Mixin
  private DataLayoutOptions layout;

  @Mixin
  private ProgressOptions progressOptions;

  @Option(names = "--strict", description = "Conflicts with declared types and inference errors fail the model.")
  private boolean strict;

  @Mixin
  private JsonOption jsonOption;

  @Override
  public Integer call() throws IOException {
    List<Path> targets = targets();
    PrintWriter out = spec.commandLine().getOut();
    ErrorReporter errors = new ErrorReporter(spec.commandLine().getErr(), root.debug());
    JsonWriter jsonOut = jsonOption.json() ? new JsonWriter(out).beginArray() : null;
    Progress progress = Progress.of(spec, root, progressOptions, false, jsonOption.json());
    int status = ExitCodes.OK;
    for (int i = 0; i < inputs.size(); i++) {
      progress.step(inputs.get(i) + " (" + (i + 1) + "/" + inputs.size() + "): inferring " + targets.get(i));
      try {
        Model model = ModelSource.read(inputs.get(i)).model();
        ShapeInference.Result result = new Analyses().shapes(model);
        boolean failed = strict && (result.conflictCount() > 0 || result.errorCount() > 0);
        if (!failed) {
          OnnxWriter.write(model, targets.get(i), outputTargets.protecting(layout.writeOptions(spec), inputs.get(i)));
        }
        int code = failed ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
        if (jsonOut != null) {
          writeJson(jsonOut, inputs.get(i), failed ? null : targets.get(i), model, result, code);
        } else {
          printSummary(out, inputs.get(i), model, result);
          out.println(failed ? "  not written: --strict and " + result.conflictCount() + " conflicts, "
              + result.errorCount() + " errors" : "  wrote " + targets.get(i));
        }
        status = status == ExitCodes.OK ? code : status;
        out.flush();
      } catch (Exception e) {
        int code = errors.report(e);
        if (jsonOut != null) {
          SummaryJson.writeError(inputs.get(i).toString(), Failure.of(e), jsonOut);
        }
        status = status == ExitCodes.OK ? code : status;
      }
    }
    progress.done();
    if (jsonOut != null) {
      jsonOut.endArray().finish();
    }
    return status;
  }

  /** How many named node outputs there are, and how many of them have a type with a shape. */
  private record Typed(int values, int typed) {
    static Typed of(Model model) {
      int values = 0;
      int typed = 0;
      for (Graph g : model.graph().allGraphs()) {
        for (Node n : g) {
          for (Value v : n.outputs()) {
            if (!v.name().isEmpty()) {
              values++;
              typed += hasShape(v.type()) ? 1 : 0;
            }
          }
        }
      }
      return new Typed(values, typed);
    }
  }

  /** One model's object of the --json array; {@code target} is null when nothing was written. */
  private static void writeJson(JsonWriter json, Path file, Path target, Model model, ShapeInference.Result result,
      int exitCode) {
    Typed t = Typed.of(model);
    json.beginObject().member("model", file.toString()).member("output", target == null ? null : target.toString())
        .member("written", target != null)
        .member("values", t.values()).member("valuesWithShape", t.typed())
        .member("refined", result.valuesChanged()).member("conflicts", result.conflictCount())
        .member("errors", result.errorCount());
    json.name("findings").beginArray();
    for (Finding d : result.diagnostics()) {
      if (!InferenceCheck.NO_RULE.matches(d)) {
        json.value(d.toString());
      }
    }
    json.endArray().name("operatorsWithoutRule").beginArray();
    result.operatorsWithoutRule().forEach(json::value);
    json.endArray().member("exitCode", exitCode).endObject();
  }

  private static void printSummary(PrintWriter out, Path file, Model model, ShapeInference.Result result) {
    Typed t = Typed.of(model);
    int values = t.values();
    int typed = t.typed();
    out.println(file + ": " + typed + " of " + values + " values typed with a shape, "
        + result.valuesChanged() + " refined, " + result.conflictCount() + " conflicts, "
        + result.errorCount() + " errors");
    for (Finding d : result.diagnostics()) {
      if (!InferenceCheck.NO_RULE.matches(d)) {
        out.println("  " + d);
      }
    }
    if (!result.operatorsWithoutRule().isEmpty()) {
      out.println("  operators without a rule: " + String.join(", ", result.operatorsWithoutRule()));
    }
  }

  private static boolean hasShape(ValueType t) {
    if (t instanceof ValueType.TensorType tt) {
      return tt.shape() != null;
    }
    return t != null && !(t instanceof ValueType.UnspecifiedType);
  }

  private List<Path> targets() throws IOException {
    List<Path> targets = outputTargets.resolve(inputs, spec, "process");
    layout.checkTargets(inputs, targets, spec);
    return targets;
  }
}
