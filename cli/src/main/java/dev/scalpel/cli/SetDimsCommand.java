package dev.scalpel.cli;

import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.cli.report.SummaryJson;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.passes.dims.DimChange;
import dev.scalpel.passes.dims.DimSpecException;
import dev.scalpel.passes.dims.InputShape;
import dev.scalpel.passes.dims.SetDims;
import dev.scalpel.graph.Finding;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scalpel set-dims}: fixes, frees or renames the dims of a model's inputs ({@link SetDims})
 * and writes the model with the shapes that follow. A spec that does not fit a model (unknown
 * input, axis beyond the rank, unknown symbol) is a usage error; a model that cannot accept the
 * new dims is reported and not written (exit 1) unless {@code --allow-contradictions}.
 */
@Command(
    name = "set-dims",
    header = "Fix, free or rename the dims of a model's inputs.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Set input dims and re-infer the shapes that depended on them.",
      "",
      "  scalpel set-dims MODEL -o OUT --input-shape x=1x3x224x224",
      "  scalpel set-dims MODEL -o OUT --input-dim x:0=batch --rename-dim N=seq",
      "",
      "A dim is a size (224), a symbol (batch) or ? (unknown); write a shape",
      "with commas (x=batch,3,224,224) when a symbol contains an x. Shapes of",
      "values computed from a changed input are cleared and inferred again.",
      "Only the input dims change: constants that hard-code a size stay as",
      "they are (see make-dynamic). A Reshape or other node that cannot accept",
      "the new dims is reported and nothing is written (exit 1) unless",
      "--allow-contradictions; a condition on a symbol (runs only when",
      "batch = 1) is reported and the model is written.",
      "",
    })
final class SetDimsCommand implements Callable<Integer> {
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
  private InputShapeOptions inputShapes;

  private boolean warnedShape;

  @Option(names = "--shape", hidden = true, converter = DimSpecConverters.ShapeConverter.class,
      description = "Former name of --input-shape.")
  void shape(InputShape shape) {
    if (!warnedShape) {
      RetiredNames.warn(spec, "--shape");
      warnedShape = true;
    }
    inputShapes.shapes().add(shape);
  }

  @Mixin
  private InputDimOptions dimOptions;

  @Option(names = "--rename-dim", paramLabel = "OLD=NEW", converter = DimSpecConverters.RenameConverter.class,
      description = "Rename a dim symbol everywhere: inputs, outputs, value_info (repeatable).")
  private List<Map.Entry<String, String>> renames = new ArrayList<>();

  @Option(names = "--allow-contradictions", description = "Write the model even where it cannot accept the new dims.")
  private boolean allowContradictions;

  @Mixin
  private JsonOption jsonOption;

  @Override
  public Integer call() throws IOException {
    if (inputShapes.shapes().isEmpty() && dimOptions.dims().isEmpty() && renames.isEmpty()) {
      throw OutputTargets.usage(spec, "nothing to do: give --input-shape, --input-dim or --rename-dim");
    }
    Map<String, String> renameMap = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : renames) {
      if (renameMap.put(e.getKey(), e.getValue()) != null) {
        throw OutputTargets.usage(spec, "--rename-dim " + e.getKey() + " is given twice");
      }
    }
    List<Path> targets = outputTargets.resolve(inputs, spec, "process");
    layout.checkTargets(inputs, targets, spec);
    PrintWriter out = spec.commandLine().getOut();
    ErrorReporter errors = new ErrorReporter(spec.commandLine().getErr(), root.debug());
    JsonWriter jsonOut = jsonOption.json() ? new JsonWriter(out).beginArray() : null;
    int status = ExitCodes.OK;
    for (int i = 0; i < inputs.size(); i++) {
      try {
        Model model = ModelSource.read(inputs.get(i)).model();
        SetDims.Result result;
        try {
          result = new SetDims(inputShapes.shapes(), dimOptions.dims(), renameMap).apply(model);
        } catch (DimSpecException e) {
          throw OutputTargets.usage(spec, inputs.get(i) + ": " + e.getMessage());
        }
        boolean refused = result.hasContradictions() && !allowContradictions;
        if (!refused) {
          OnnxWriter.write(model, targets.get(i), outputTargets.protecting(layout.writeOptions(spec), inputs.get(i)));
        }
        int code = refused ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
        if (jsonOut != null) {
          writeJson(jsonOut, inputs.get(i), refused ? null : targets.get(i), result, code);
        } else {
          print(out, inputs.get(i), result);
          out.println(refused ? "  not written: the model cannot accept these dims (--allow-contradictions writes it anyway)"
              : "  wrote " + targets.get(i));
        }
        status = status == ExitCodes.OK ? code : status;
        out.flush();
      } catch (picocli.CommandLine.ParameterException e) {
        throw e;
      } catch (Exception e) {
        int code = errors.report(e);
        if (jsonOut != null) {
          SummaryJson.writeError(inputs.get(i).toString(), Failure.of(e), jsonOut);
        }
        status = status == ExitCodes.OK ? code : status;
      }
    }
    if (jsonOut != null) {
      jsonOut.endArray().finish();
    }
    return status;
  }

  /** One model's object of the --json array; {@code target} is null when nothing was written. */
  private static void writeJson(JsonWriter json, Path file, Path target, SetDims.Result r, int exitCode) {
    json.beginObject().member("model", file.toString()).member("output", target == null ? null : target.toString())
        .member("written", target != null);
    json.name("changedInputs").beginArray();
    r.changedInputs().forEach(json::value);
    json.endArray().member("renamedValues", r.renamedValues()).member("clearedShapes", r.clearedShapes())
        .member("contradictions", r.hasContradictions());
    json.name("findings").beginArray();
    r.findings().forEach(f -> json.value(f.toString()));
    json.endArray().member("exitCode", exitCode).endObject();
  }

  private static void print(PrintWriter out, Path file, SetDims.Result r) {
    out.println(file + ": " + (r.changedInputs().isEmpty() ? "no input changed" : "inputs " + String.join(", ", r.changedInputs()))
        + (r.renamedValues() > 0 ? "; renamed dims of " + r.renamedValues() + " values" : "")
        + (r.clearedShapes() > 0 ? "; " + r.clearedShapes() + " stale shapes inferred again" : ""));
    for (Finding f : r.findings()) {
      out.println("  " + f);
    }
  }
}
