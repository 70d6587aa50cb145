package dev.scalpel.cli;

import dev.scalpel.cli.report.JsonWriter;
import dev.scalpel.cli.report.SummaryJson;
import dev.scalpel.runtime.ModelSource;
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
 * tensor data (inline, one external data file, or a file per tensor).
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

  @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
  private boolean quiet;

  @Option(names = "--json", description = "Print JSON (an array, one object per model) instead of text.")
  private boolean json;

  @Override
  public Integer call() throws IOException {
    WriteOptions options = writeOptions();
    List<Path> targets = targets();
    PrintWriter out = spec.commandLine().getOut();
    ErrorReporter errors = new ErrorReporter(spec.commandLine().getErr(), root.debug());
    JsonWriter jsonOut = json ? new JsonWriter(out).beginArray() : null;
    Progress progress = Progress.of(spec, root, progressOptions, quiet, json);
    int status = ExitCodes.OK;
    for (int i = 0; i < inputs.size(); i++) {
      progress.step(inputs.get(i) + " (" + (i + 1) + "/" + inputs.size() + "): writing " + targets.get(i));
      try {
        Model model = ModelSource.read(inputs.get(i)).model();
        WriteReport report = OnnxWriter.write(model, targets.get(i), outputTargets.protecting(options, inputs.get(i)));
        if (jsonOut != null) {
          writeJson(jsonOut, inputs.get(i), targets.get(i), report);
        } else if (!quiet) {
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
