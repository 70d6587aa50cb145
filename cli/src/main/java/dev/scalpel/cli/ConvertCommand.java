package dev.scalpel.cli;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.io.OnnxWriter.WriteReport;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.graph.io.WriteOptions.Layout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
      "The input is never overwritten without --force. If a model fails, nothing",
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

  @Option(names = "--external", description = "Move initializers of at least --size-threshold bytes "
      + "to external data, in OUT.data unless --external-data names the file.")
  private boolean external;

  @Option(names = "--external-data", paramLabel = "FILE", description = "Like --external, with "
      + "this data file name (a plain name, in the output's folder; one input only).")
  private String externalDataFile;

  @Option(names = "--size-threshold", paramLabel = "BYTES", converter = ByteCount.Converter.class,
      defaultValue = "1024", description = "Smallest initializer that goes to external data, "
      + "such as 4096, 64k, 1M (default: ${DEFAULT-VALUE}).")
  private long sizeThreshold;

  @Option(names = "--inline-data", description = "Put all tensor data inside the model file "
      + "(refused when it would exceed 2 GiB).")
  private boolean inline;

  @Option(names = "--data-file-per-tensor", description = "Write each external tensor to its own "
      + "file, named after the tensor (one input only).")
  private boolean filePerTensor;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
  private boolean quiet;

  @Override
  public Integer call() throws IOException {
    WriteOptions options = writeOptions();
    List<Path> targets = targets();
    PrintWriter out = spec.commandLine().getOut();
    ErrorReporter errors = new ErrorReporter(spec.commandLine().getErr(), root.debug());
    int status = ExitCodes.OK;
    for (int i = 0; i < inputs.size(); i++) {
      try {
        Model model = OnnxReader.read(inputs.get(i));
        WriteReport report = OnnxWriter.write(model, targets.get(i), options);
        if (!quiet) {
          out.println(describe(targets.get(i), report));
          out.flush();
        }
      } catch (Exception e) {
        int code = errors.report(e);
        status = status == ExitCodes.OK ? code : status;
      }
    }
    return status;
  }

  private WriteOptions writeOptions() {
    if (inline && (external || externalDataFile != null)) {
      throw usage("--inline-data conflicts with --external/--external-data");
    }
    if (inline && filePerTensor) {
      throw usage("--inline-data conflicts with --data-file-per-tensor");
    }
    Layout layout = inline ? Layout.INLINE
        : external || externalDataFile != null ? Layout.EXTERNAL
        : Layout.KEEP;
    try {
      return WriteOptions.defaults()
          .withLayout(layout)
          .withDataFileName(externalDataFile)
          .withSizeThreshold(sizeThreshold)
          .withFilePerTensor(filePerTensor);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /** The output path of each input, after checking that none of them is a mistake. */
  private List<Path> targets() throws IOException {
    if (inputs.size() > 1 && externalDataFile != null) {
      // NOTE: every model would write the same data file in DIR, each replacing the last.
      throw usage("--external-data FILE takes one input; use --external to give each model its own data file");
    }
    if (inputs.size() > 1 && filePerTensor) {
      // NOTE: tensors of different models with the same name would write the same file in DIR.
      throw usage("--data-file-per-tensor takes one input; convert the models one at a time into separate folders");
    }
    List<Path> targets = outputTargets.resolve(inputs, spec, "convert");
    for (Path target : targets) {
      if (externalDataFile != null && externalDataFile.equalsIgnoreCase(target.getFileName().toString())) {
        // NOTE: OnnxWriter would write the data file and then replace it with the model file.
        throw usage("--external-data " + externalDataFile + " is the output model's own file name");
      }
    }
    return targets;
  }

  private static String describe(Path target, WriteReport report) {
    StringBuilder sb = new StringBuilder("wrote ").append(target)
        .append(" (").append(ByteCount.format(report.modelBytes())).append(')');
    Map<Path, Long> data = report.dataFiles();
    if (data.size() == 1) {
      Map.Entry<Path, Long> e = data.entrySet().iterator().next();
      sb.append(", data ").append(e.getKey().getFileName()).append(" (").append(ByteCount.format(e.getValue())).append(')');
    } else if (data.size() > 1) {
      long total = data.values().stream().mapToLong(Long::longValue).sum();
      sb.append(", data in ").append(data.size()).append(" files (").append(ByteCount.format(total)).append(')');
    }
    return sb.toString();
  }

  private ParameterException usage(String message) {
    return OutputTargets.usage(spec, message);
  }
}
