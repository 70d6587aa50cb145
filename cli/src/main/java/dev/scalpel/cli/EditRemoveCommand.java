package dev.scalpel.cli;

import dev.scalpel.passes.edit.BypassNode;
import dev.scalpel.runtime.ModelSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scalpel edit remove}: a node bypassed ({@link BypassNode}). */
@Command(
    name = "remove",
    header = "Remove a node, passing its data input through in its place.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "  scalpel edit remove MODEL -o OUT --node NAME",
      "",
      "The node's single data input (the one input that is not a constant) takes",
      "the place of its output; a graph output keeps its name. A node with two",
      "data inputs, or whose other outputs are read, is refused.",
      "",
      "ONNX Runtime checks that the outputs not computed from the node keep",
      "their values and that the others are still produced.",
      "",
    })
final class EditRemoveCommand extends EditSubcommand {
  @Option(names = "--node", paramLabel = "NAME", required = true, description = "Name of the node to remove.")
  String node;

  @Override
  Plan plan(ModelSource source) {
    BypassNode edit = new BypassNode(node);
    EditReference reference = EditReference.unchangedOutputs(source, edit.changedOutputs(source.model()),
        "is computed from node '" + node + "'", "read node '" + node + "'");
    return new Plan(copy -> edit.apply(copy).notes(), reference);
  }
}
