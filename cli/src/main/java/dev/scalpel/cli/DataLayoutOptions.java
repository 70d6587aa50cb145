package dev.scalpel.cli;

import dev.scalpel.graph.io.OnnxWriter.WriteReport;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.graph.io.WriteOptions.Layout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Where the tensor data of written models goes ({@code --external}, {@code --external-data},
 * {@code --size-threshold}, {@code --inline-data}, {@code --data-file-per-tensor}), shared by the
 * commands that write models, and the checks of those options against the output files.
 */
public final class DataLayoutOptions {
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

  /**
   * The writer's options these flags describe.
   *
   * @throws picocli.CommandLine.ParameterException for conflicting flags
   */
  WriteOptions writeOptions(CommandSpec spec) {
    if (inline && (external || externalDataFile != null)) {
      throw OutputTargets.usage(spec, "--inline-data conflicts with --external/--external-data");
    }
    if (inline && filePerTensor) {
      throw OutputTargets.usage(spec, "--inline-data conflicts with --data-file-per-tensor");
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
      throw OutputTargets.usage(spec, e.getMessage());
    }
  }

  /**
   * Checks these flags against the inputs and their output files, before anything is read.
   *
   * @throws picocli.CommandLine.ParameterException for a combination that would lose data
   */
  void checkTargets(List<Path> inputs, List<Path> targets, CommandSpec spec) {
    if (inputs.size() > 1 && externalDataFile != null) {
      // NOTE: every model would write the same data file in DIR, each replacing the last.
      throw OutputTargets.usage(spec, "--external-data FILE takes one input; use --external to give each model its own data file");
    }
    if (inputs.size() > 1 && filePerTensor) {
      // NOTE: tensors of different models with the same name would write the same file in DIR.
      throw OutputTargets.usage(spec, "--data-file-per-tensor takes one input; convert the models one at a time into separate folders");
    }
    for (Path target : targets) {
      if (externalDataFile != null && externalDataFile.equalsIgnoreCase(target.getFileName().toString())) {
        // NOTE: OnnxWriter would write the data file and then replace it with the model file.
        throw OutputTargets.usage(spec, "--external-data " + externalDataFile + " is the output model's own file name");
      }
    }
  }

  /** "wrote OUT (12.3 MB), data OUT.data (1.2 GB)". */
  public static String describe(Path target, WriteReport report) {
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
}
