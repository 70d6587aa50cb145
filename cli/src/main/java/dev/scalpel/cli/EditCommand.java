package dev.scalpel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scalpel edit}: graph surgery one edit at a time, the subcommands below. */
@Command(
    name = "edit",
    header = "Edit a model's graph: insert, remove, rename, outputs, initializers.",
    mixinStandardHelpOptions = true,
    description = {
      "onnx-graphsurgeon's edits from the command line, each checked in ONNX",
      "Runtime before it is written:",
      "",
      "  scalpel edit insert MODEL -o OUT --after TENSOR --op Relu [--attr k=v]",
      "  scalpel edit remove MODEL -o OUT --node NAME",
      "  scalpel edit rename MODEL -o OUT --tensor OLD=NEW | --node OLD=NEW",
      "  scalpel edit output MODEL -o OUT --add NAME | --remove NAME",
      "  scalpel edit initializer MODEL -o OUT --name W --from W.npy",
      "",
      "`scalpel inspect` lists the names of tensors and nodes.",
      "",
    },
    subcommands = {EditInsertCommand.class, EditRemoveCommand.class, EditRenameCommand.class,
        EditOutputCommand.class, EditInitializerCommand.class})
final class EditCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing edit (" + String.join(", ", spec.subcommands().keySet()) + ")");
  }
}
