package dev.scalpel.cli;

import dev.scalpel.cli.report.ConvertReport;
import dev.scalpel.cli.report.EditOutcomeText;
import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.cli.report.SummaryJson;
import dev.scalpel.graph.DataType;
import dev.scalpel.passes.convert.ConversionException;
import dev.scalpel.passes.convert.Float16Converter;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.convert.Bfloat16Emulation;
import dev.scalpel.runtime.convert.Bfloat16EmulationException;
import dev.scalpel.runtime.convert.CheckedConversion;
import java.util.ArrayList;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.OnnxWriter.WriteReport;
import dev.scalpel.graph.io.WriteOptions;
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
 * {@code scalpel convert}: rewrites models unchanged in meaning with another layout of their
 * tensor data (inline, one external data file, or a file per tensor); with {@code --dtype} or
 * {@code --opset}, converts them to float16/bfloat16 ({@link Float16Converter}) or another opset
 * ({@link dev.scalpel.passes.convert.opset.OpsetConverter}) through {@link CheckedConversion},
 * checked in ONNX Runtime before anything is written.
 *
 * <p>All checks of the command line happen before any model is read, so a usage error writes
 * nothing. The CLI itself creates no files: every write goes through {@link OnnxWriter}, which
 * writes atomically.
 */
@Command(
    name = "convert",
    header = "Rewrite ONNX models with another layout of their tensor data.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Rewrite ONNX models, choosing where tensor data goes.",
      "",
      "  scalpel convert IN -o OUT [options]",
      "  scalpel convert IN... -O DIR [options]   (same file names, in DIR)",
      "",
      "By default each tensor stays where it is: inline tensors inline, external",
      "tensors in OUT.data (or FILE). If the inline data would exceed protobuf's",
      "2 GiB limit, initializers of at least --size-threshold bytes move to",
      "external data. Data files hold every tensor at a 4096-aligned offset.",
      "",
      "The input, and the data files it reads, are never overwritten without",
      "--force. If a model fails, nothing",
      "is written for it and the others still run; the exit status is that of",
      "the first failure.",
      "",
      "  scalpel convert IN -o OUT --dtype fp16|bf16 [--keep-io-types] [--block-ops OP,...]",
      "  scalpel convert IN -o OUT --opset N",
      "",
      "--dtype converts float32 weights, constants and values to float16 or",
      "bfloat16, keeping in float32 (with Casts) the ops that overflow or lose too",
      "much (listed with their reasons), quantization nodes, shape arithmetic, a",
      "detector's box decoding and NMS post-processing (back to the last Conv,",
      "MatMul or Gemm; --allow-ops NonMaxSuppression converts it) and values",
      "that grow past float16's range when the original runs. --opset",
      "converts to another default-domain opset, up or down; an operator that",
      "cannot be converted is named (exit 2). Both check the result against the",
      "original in ONNX Runtime before writing it (exit 4 if it differs; the",
      "float16 tolerance is 1e-2, bfloat16's 2e-2, unless --atol/--rtol).",
      "ONNX Runtime's CPU provider lacks most bfloat16 kernels, so a bfloat16",
      "model is checked as its float32 emulation: each op computed in float32,",
      "each bfloat16 result rounded to bfloat16 (exit 1 if it cannot be emulated).",
      "",
    })
final class ConvertCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @ParentCommand
  private ScalpelCommand root;

  @Parameters(paramLabel = "IN", arity = "1..*", description = "ONNX model files to convert.")
  private List<Path> inputs;

  @Mixin
  private OutputTargets outputTargets;

  @Mixin
  private ProgressOptions progressOptions;

  @Mixin
  private DataLayoutOptions layout;

  @Mixin
  private QuietOption quietOption;

  @Option(names = "--dtype", paramLabel = "fp16|bf16", converter = HalfTypeConverter.class,
      description = "Convert float32 to float16 (fp16) or bfloat16 (bf16).")
  private DataType dtype;

  @Option(names = "--keep-io-types", description = "With --dtype: keep float32 graph inputs and outputs (Casts inside).")
  private boolean keepIoTypes;

  @Option(names = "--block-ops", paramLabel = "OP[,OP...]", split = ",", hideParamSyntax = true,
      description = "With --dtype: also keep these op types in float32.")
  private List<String> blockOps = new ArrayList<>();

  @Option(names = "--allow-ops", paramLabel = "OP[,OP...]", split = ",", hideParamSyntax = true,
      description = "With --dtype: convert these op types although kept by default (Pow, Softmax, reductions, ...).")
  private List<String> allowOps = new ArrayList<>();

  @Option(names = "--no-overflow-scan", description = "With --dtype fp16: do not run the original first to keep "
      + "values that grow past float16's range in float32.")
  private boolean noOverflowScan;

  @Option(names = "--opset", paramLabel = "N", description = "Convert to default-domain opset N (up or down).")
  private Long opset;

  @Mixin
  private NoValidateOption noValidateOption;

  @Mixin
  private JsonOption jsonOption;

  @Mixin
  private EditCheckOptions checks;

  /** fp16/float16 and bf16/bfloat16. */
  static final class HalfTypeConverter implements picocli.CommandLine.ITypeConverter<DataType> {
    @Override
    public DataType convert(String value) {
      return switch (value.toLowerCase(java.util.Locale.ROOT)) {
        case "fp16", "float16", "half" -> DataType.FLOAT16;
        case "bf16", "bfloat16" -> DataType.BFLOAT16;
        default -> throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not fp16 or bf16");
      };
    }
  }

  @Override
  public Integer call() throws IOException {
    boolean converting = dtype != null || opset != null;
    if (!converting && (keepIoTypes || !blockOps.isEmpty() || !allowOps.isEmpty() || noOverflowScan || noValidateOption.noValidate()
        || checks.given())) {
      throw OutputTargets.usage(spec, "--keep-io-types, --block-ops, --allow-ops, --no-overflow-scan, --no-validate, "
          + "--atol/--rtol and --dims go with --dtype or --opset");
    }
    if (dtype == null && (keepIoTypes || !blockOps.isEmpty() || !allowOps.isEmpty() || noOverflowScan)) {
      throw OutputTargets.usage(spec, "--keep-io-types, --block-ops, --allow-ops and --no-overflow-scan go with --dtype");
    }
    if (converting) {
      return convertAll();
    }
    WriteOptions options = writeOptions();
    List<Path> targets = targets();
    PrintWriter out = spec.commandLine().getOut();
    ErrorReporter errors = new ErrorReporter(spec.commandLine().getErr(), root.debug());
    JsonWriter jsonOut = jsonOption.json() ? new JsonWriter(out).beginArray() : null;
    Progress progress = Progress.of(spec, root, progressOptions, quietOption.quiet(), jsonOption.json());
    int status = ExitCodes.OK;
    for (int i = 0; i < inputs.size(); i++) {
      progress.step(inputs.get(i) + " (" + (i + 1) + "/" + inputs.size() + "): writing " + targets.get(i));
      try {
        Model model = ModelSource.read(inputs.get(i)).model();
        WriteReport report = OnnxWriter.write(model, targets.get(i), outputTargets.protecting(options, inputs.get(i)),
            progress.dataBytes(inputs.get(i).toString()));
        if (jsonOut != null) {
          writeJson(jsonOut, inputs.get(i), targets.get(i), report);
        } else if (!quietOption.quiet()) {
          out.println(DataLayoutOptions.describe(targets.get(i), report));
          out.flush();
        }
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

  /** --dtype/--opset over every input, each checked and written on its own. */
  private int convertAll() throws IOException {
    WriteOptions options = writeOptions();
    List<Path> targets = targets();
    PrintWriter out = spec.commandLine().getOut();
    ErrorReporter errors = new ErrorReporter(spec.commandLine().getErr(), root.debug());
    JsonWriter jsonOut = jsonOption.json() ? new JsonWriter(out).beginArray() : null;
    int status = ExitCodes.OK;
    for (int i = 0; i < inputs.size(); i++) {
      Path input = inputs.get(i);
      int code;
      try {
        code = convertOne(input, targets.get(i), outputTargets.protecting(options, input), jsonOut, out);
      } catch (picocli.CommandLine.ParameterException e) {
        if (jsonOut == null) {
          throw e;
        }
        code = ExitCodes.USAGE;
        spec.commandLine().getErr().println("error: " + e.getMessage());
        jsonOut.beginObject().member("model", input.toString()).member("error", e.getMessage())
            .member("exitCode", code).endObject();
      } catch (Exception e) {
        code = errors.report(e);
        if (jsonOut != null) {
          jsonOut.beginObject().member("model", input.toString()).member("error", Failure.of(e).message())
              .member("exitCode", code).endObject();
        }
      }
      status = status == ExitCodes.OK ? code : status;
    }
    if (jsonOut != null) {
      jsonOut.endArray();
      jsonOut.finish();
    }
    out.flush();
    return status;
  }

  private int convertOne(Path input, Path target, WriteOptions layout, JsonWriter jsonOut, PrintWriter out) throws IOException {
    long start = System.nanoTime();
    ModelSource source = ModelSource.read(input);
    CheckOptions check = checks.checkOptions(spec, source.model());
    Optional<Float16Converter.Options> precision = Optional.ofNullable(dtype).map(t -> Float16Converter.Options.of(t)
        .withKeepIoTypes(keepIoTypes).withBlockedOps(Set.copyOf(blockOps)).withAllowedOps(Set.copyOf(allowOps)));
    CheckedConversion.Request request = new CheckedConversion.Request(
        opset == null ? OptionalLong.empty() : OptionalLong.of(opset), precision, !noOverflowScan && !noValidateOption.noValidate());
    CheckedEdit<CheckedConversion.Done> edit;
    CheckedEdit.Outcome<CheckedConversion.Done> outcome;
    try {
      edit = CheckedConversion.of(source, request, check).writingTo(target, layout);
      outcome = (noValidateOption.noValidate() ? edit.unchecked() : edit).run();
    } catch (ConversionException e) {
      throw OutputTargets.usage(spec, input + ": " + e.getMessage());
    } catch (Bfloat16EmulationException e) {
      // NOTE: a check that could not be made (exit 1, Failure); the one line says how to write the model unchecked.
      throw new Bfloat16EmulationException(e.getMessage() + " (--no-validate writes the model unchecked)", e);
    }
    CheckOptions checked = CheckedConversion.checkOptions(request, check);
    Validation validation = outcome.check().map(r -> new Validation(input.toString(), target.toString(),
        checked, r, null, (System.nanoTime() - start) / 1e6)).orElse(null);
    int code = switch (outcome.status()) {
      case PASSED -> ExitCodes.OK;
      case OUTPUTS_DIFFER -> ExitCodes.OUTPUTS_DIFFER;
      case REFUSED -> ExitCodes.CHECK_FAILED;
    };
    long outBytes = outcome.written().isPresent() ? java.nio.file.Files.size(target) : -1;
    ConvertReport report = new ConvertReport(input.toString(), target.toString(), outcome, validation, code,
        java.nio.file.Files.size(input), outBytes);
    if (jsonOut != null) {
      report.writeJson(jsonOut);
      return code;
    }
    if (!quietOption.quiet() || code != ExitCodes.OK) {
      report.printText(out);
      String against = report.checkEmulated() ? "the original (" + Bfloat16Emulation.DESCRIPTION + ")" : "the original";
      return EditOutcomeText.print(outcome, against, target, out);
    }
    return code;
  }

  /** One model's object of the --json array: what was written, in bytes. */
  private static void writeJson(JsonWriter json, Path file, Path target, WriteReport report) {
    json.beginObject().member("model", file.toString()).member("output", target.toString())
        .member("modelBytes", report.modelBytes());
    json.name("dataFiles").beginArray();
    report.dataFiles().forEach((p, bytes) -> json.beginObject().member("path", p.toString())
        .member("bytes", bytes).endObject());
    json.endArray().member("exitCode", ExitCodes.OK).endObject();
  }

  private WriteOptions writeOptions() {
    return layout.writeOptions(spec);
  }

  /** The output path of each input, after checking that none of them is a mistake. */
  private List<Path> targets() throws IOException {
    List<Path> targets = outputTargets.resolve(inputs, spec, "convert");
    layout.checkTargets(inputs, targets, spec);
    return targets;
  }

}
