package dev.scalpel.cli;

import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.edit.ReplaceInitializer;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.inputs.NpyFormat;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scalpel edit initializer}: an initializer's data replaced from a {@code .npy} ({@link ReplaceInitializer}). */
@Command(
    name = "initializer",
    header = "Replace an initializer's data with a .npy file.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "  scalpel edit initializer MODEL -o OUT --name W --from W.npy [--allow-shape-change]",
      "",
      "The element type must match the initializer's; the shape too, unless",
      "--allow-shape-change (shapes computed from it are then inferred again).",
      "ONNX Runtime checks that the outputs not computed from W keep their values",
      "and that the others are still produced.",
      "",
    })
final class EditInitializerCommand extends EditSubcommand {
  @Option(names = "--name", paramLabel = "NAME", required = true, description = "Initializer to replace.")
  String name;

  @Option(names = "--from", paramLabel = "FILE.npy", required = true, description = "The new data (NumPy .npy).")
  Path from;

  @Option(names = "--allow-shape-change", description = "Accept data of another shape.")
  boolean allowShapeChange;

  @Override
  Plan plan(ModelSource source) throws IOException {
    DenseTensor data = NpyFormat.read(from, name);
    ReplaceInitializer edit = new ReplaceInitializer(name, data, allowShapeChange);
    EditReference reference = EditReference.unchangedOutputs(source, edit.changedOutputs(source.model()),
        "is computed from '" + name + "'", "read '" + name + "'");
    return new Plan(edit::apply, reference);
  }
}
