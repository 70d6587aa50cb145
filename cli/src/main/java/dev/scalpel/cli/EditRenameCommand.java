package dev.scalpel.cli;

import dev.scalpel.graph.Model;
import dev.scalpel.passes.edit.RenameElement;
import dev.scalpel.runtime.ModelSource;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scalpel edit rename}: tensors and nodes renamed ({@link RenameElement}). */
@Command(
    name = "rename",
    header = "Rename tensors and nodes.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "  scalpel edit rename MODEL -o OUT --tensor OLD=NEW [--node OLD=NEW]...",
      "",
      "A new name must be free. A rename changes no value, so ONNX Runtime checks",
      "that every output keeps its value; a renamed graph input or output is",
      "compared under its new name with the original renamed the same way.",
      "",
    })
final class EditRenameCommand extends EditSubcommand {
  @Option(names = "--tensor", paramLabel = "OLD=NEW", description = "Rename a tensor; repeat for more.")
  List<String> tensors = new ArrayList<>();

  @Option(names = "--node", paramLabel = "OLD=NEW", description = "Rename a node; repeat for more.")
  List<String> nodes = new ArrayList<>();

  @Override
  Plan plan(ModelSource source) {
    List<RenameElement.Rename> renames = new ArrayList<>();
    tensors.forEach(t -> renames.add(rename(RenameElement.Kind.TENSOR, "--tensor", t)));
    nodes.forEach(n -> renames.add(rename(RenameElement.Kind.NODE, "--node", n)));
    if (renames.isEmpty()) {
      throw new IllegalArgumentException("nothing to rename: give --tensor OLD=NEW or --node OLD=NEW");
    }
    RenameElement edit = new RenameElement(renames);
    List<RenameElement.Rename> signature = edit.interfaceRenames(source.model());
    EditReference reference = EditReference.original(source);
    if (!signature.isEmpty()) {
      // NOTE: the checker feeds and compares by name; the original gets the new input and output
      // names (and nothing else), so every value is still compared with the untouched original's.
      Model renamed = source.model().deepCopy();
      new RenameElement(signature).apply(renamed);
      reference = new EditReference(edited -> ModelSource.of(renamed), "the original under the new names");
    }
    return new Plan(edit::apply, reference);
  }

  private static RenameElement.Rename rename(RenameElement.Kind kind, String option, String text) {
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new IllegalArgumentException(option + " " + text + ": expected OLD=NEW");
    }
    return new RenameElement.Rename(kind, text.substring(0, eq), text.substring(eq + 1));
  }
}
