package dev.scalpel.cli;

import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.ValueType;
import dev.scalpel.passes.dims.InputShape;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.DimPlanner;
import dev.scalpel.runtime.InputSpec;
import dev.scalpel.runtime.ModelNotRunnableException;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.ReferenceRuns;
import dev.scalpel.runtime.inputs.InputFile;
import dev.scalpel.runtime.inputs.InputFiles;
import dev.scalpel.runtime.inputs.SavedRun;
import dev.scalpel.runtime.inputs.SavedRunFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scalpel run}: runs a model once through ONNX Runtime (optimizations off) and reports its
 * outputs; with {@code --save-outputs}, keeps the inputs and outputs in a {@code .npz} or JSON file
 * ({@link SavedRunFormat}) that {@code validate MODEL --load-outputs FILE} replays later.
 *
 * <p>Inputs are the user's ({@code --load-inputs}) or generated as {@code validate} generates them
 * (seeded; {@code --seed}); dynamic dims take the sizes {@code --dims} or {@code --input-shape}
 * give, else the first sizes {@code validate} would try where the model runs.
 */
@Command(
    name = "run",
    header = "Run a model once; save its inputs and outputs for a later validate --load-outputs.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run MODEL through ONNX Runtime (its graph optimizations off) on the inputs",
      "--load-inputs gives, or on seeded random ones as validate makes them, and print",
      "each output's type and shape. With --save-outputs FILE, write the inputs and",
      "the outputs to FILE (.npz: entries inputs/NAME.npy and outputs/NAME.npy;",
      ".json: {\"inputs\": {...}, \"outputs\": {...}}); `scalpel validate MODEL",
      "--load-outputs FILE` then replays exactly those inputs and compares.",
      "",
      "Exit status 0 when the model ran, 3 when it cannot be read or ONNX Runtime",
      "refuses it, 1 when no sizes tried for its dynamic dims let it run or the",
      "file would pass --max-save-bytes, 2 for a usage error.",
      "",
    })
final class RunCommand implements Callable<Integer> {
  /** Default of {@code --max-save-bytes}. */
  static final long DEFAULT_MAX_SAVE_BYTES = 2L << 30;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model to run.")
  private Path model;

  @Mixin
  private InputDataOption inputData;

  @Mixin
  private InputShapeOptions inputShapes;

  @Mixin
  private RunOptions run;

  @Option(names = "--save-outputs", paramLabel = "FILE",
      description = "Write the inputs and outputs of the run to FILE (.npz or .json).")
  private Path saveOutputs;

  @Option(names = "--max-save-bytes", paramLabel = "BYTES", converter = ByteCount.Converter.class,
      description = "Most tensor data --save-outputs writes, such as 512M (default: 2G; a JSON file "
          + "at most 64M). Larger runs are not written (exit 1).")
  private Long maxSaveBytes;

  @Mixin
  private JsonOption jsonOption;

  @Override
  public Integer call() throws IOException {
    long start = System.nanoTime();
    if (saveOutputs != null) {
      try {
        SavedRunFormat.requireFormat(saveOutputs);
      } catch (IllegalArgumentException e) {
        throw usage("--save-outputs " + e.getMessage());
      }
    }
    ModelSource source = ModelSource.read(model);
    CheckOptions options = options(source.model());
    ReferenceRuns runs;
    try {
      runs = ReferenceRuns.of(source, options);
    } catch (ModelNotRunnableException e) {
      throw inputShapes.partialShapeFailure(source.model(), e, options.inputs().keySet(), run.dims().keySet());
    }
    // NOTE: the planner makes every run of its first workable candidate; the first is kept.
    SavedRun saved = new SavedRun(runs.inputs().get(0), runs.results().get(0).outputs());
    if (saveOutputs != null) {
      try {
        SavedRunFormat.write(saved, saveOutputs, maxSaveBytes == null ? DEFAULT_MAX_SAVE_BYTES : maxSaveBytes);
      } catch (IllegalArgumentException e) {
        // NOTE: a type the chosen format cannot hold (strings in .npz, float8 in either).
        throw usage("--save-outputs " + saveOutputs + ": " + e.getMessage());
      }
    }
    double runMs = runs.results().get(0).millis();
    double wallMs = (System.nanoTime() - start) / 1e6;
    PrintWriter out = spec.commandLine().getOut();
    if (jsonOption.json()) {
      printJson(saved, runs.assignments().get(0), runMs, wallMs, out);
    } else {
      printText(saved, runs.assignments().get(0), runMs, wallMs, out);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private CheckOptions options(Model m) {
    if (maxSaveBytes != null && maxSaveBytes <= 0) {
      throw usage("--max-save-bytes must be positive");
    }
    List<InputSpec> specs = InputSpec.of(m);
    Set<String> symbols = DimPlanner.symbols(specs);
    for (String symbol : run.dims().keySet()) {
      if (!symbols.contains(symbol)) {
        throw usage("--dims " + symbol + ": the model has no dynamic dim named '" + symbol
            + "'; its dynamic dims are " + (symbols.isEmpty() ? "none" : String.join(", ", symbols)));
      }
      if (run.dims().get(symbol).size() != 1) {
        throw usage("--dims " + symbol + ": run makes one run; give one size");
      }
    }
    CheckOptions options = run.apply(CheckOptions.defaults(), symbols);
    for (Map.Entry<String, Long> e : shapeDims(specs).entrySet()) {
      options = options.withDim(e.getKey(), e.getValue());
    }
    if (!inputData.files().isEmpty()) {
      List<InputFile> files = new ArrayList<>();
      inputData.files().forEach(t -> files.add(InputFile.parse(t)));
      Map<String, DataType> types = new LinkedHashMap<>();
      for (InputSpec s : specs) {
        if (s.type() instanceof ValueType.TensorType t) {
          types.put(s.name(), t.elementType());
        }
      }
      Map<String, Tensor> tensors = InputFiles.load(files, types);
      options = options.withInputs(tensors);
    }
    return options;
  }

  /**
   * The sizes {@code --input-shape} gives the model's dim symbols.
   *
   * @throws ParameterException for an unknown input, a rank or static size the model contradicts,
   *     a dim given no size, an axis with no symbol to size, or a symbol given two sizes
   */
  private Map<String, Long> shapeDims(List<InputSpec> specs) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (InputShape shape : inputShapes.shapes()) {
      InputSpec spec = specs.stream().filter(s -> s.name().equals(shape.input())).findFirst()
          .orElseThrow(() -> usage("--input-shape " + shape.input() + ": the model has no input named '"
              + shape.input() + "'"));
      if (!(spec.type() instanceof ValueType.TensorType t) || t.shape() == null) {
        throw usage("--input-shape " + shape.input() + ": the model declares no shape for it; give its data with --load-inputs");
      }
      if (t.shape().rank() != shape.dims().size()) {
        throw usage("--input-shape " + shape.input() + ": the model declares rank " + t.shape().rank()
            + " (" + t.shape() + "), not " + shape.dims().size());
      }
      for (int axis = 0; axis < shape.dims().size(); axis++) {
        if (!(shape.dims().get(axis) instanceof Dim.Static given) || given.value() <= 0) {
          throw usage("--input-shape " + shape.input() + ": axis " + axis + " needs a positive size to run at");
        }
        Dim declared = t.shape().dim(axis);
        if (declared instanceof Dim.Static s && s.value() >= 0) {
          if (s.value() != given.value()) {
            throw usage("--input-shape " + shape.input() + ": axis " + axis + " is " + s.value() + " in the model, not "
                + given.value());
          }
        } else if (declared instanceof Dim.Symbolic sym) {
          Long earlier = out.putIfAbsent(sym.name(), given.value());
          if (earlier != null && earlier != given.value()) {
            throw usage("--input-shape: dim '" + sym.name() + "' is given " + earlier + " and " + given.value());
          }
        } else {
          throw usage("--input-shape " + shape.input() + ": axis " + axis + " has no named dim to size; "
              + "give the input's data with --load-inputs");
        }
      }
    }
    return out;
  }

  private void printText(SavedRun saved, Map<String, Long> dims, double runMs, double wallMs, PrintWriter out) {
    out.printf("Model:    %s%n", model);
    out.printf("Dims:     %s%n", Validation.dimsText(dims));
    for (Tensor t : saved.inputs().values()) {
      out.printf("  input   %s: %s %s%n", t.name(), t.dataType().displayName(), Arrays.toString(t.dims()));
    }
    for (Map.Entry<String, Tensor> e : saved.outputs().entrySet()) {
      Tensor t = e.getValue();
      out.printf("  output  %s: %s %s%n", e.getKey(), t.dataType().displayName(), Arrays.toString(t.dims()));
    }
    if (saveOutputs != null) {
      out.printf("Saved:    %s%n", saveOutputs);
    }
    out.printf(Locale.ROOT, "Time:     run %.2f ms, %.0f ms in all%n", runMs, wallMs);
  }

  private void printJson(SavedRun saved, Map<String, Long> dims, double runMs, double wallMs, PrintWriter out) {
    JsonWriter w = new JsonWriter(out);
    w.beginObject().member("model", model.toString());
    w.name("dims").beginObject();
    dims.forEach((k, v) -> w.member(k, v));
    w.endObject();
    tensors("inputs", saved.inputs(), w);
    tensors("outputs", saved.outputs(), w);
    w.name("savedTo");
    if (saveOutputs == null) {
      w.nullValue();
    } else {
      w.value(saveOutputs.toString());
    }
    w.member("runMs", runMs).member("wallMs", wallMs).member("exitCode", ExitCodes.OK).endObject().finish();
  }

  private static void tensors(String member, Map<String, Tensor> tensors, JsonWriter w) {
    w.name(member).beginArray();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      w.beginObject().member("name", e.getKey()).member("dtype", e.getValue().dataType().displayName());
      w.name("shape").beginArray();
      for (long d : e.getValue().dims()) {
        w.value(d);
      }
      w.endArray().endObject();
    }
    w.endArray();
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
