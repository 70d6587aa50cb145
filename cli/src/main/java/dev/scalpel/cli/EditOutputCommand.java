package dev.scalpel.cli;

import dev.scalpel.passes.edit.SetOutputs;
import dev.scalpel.runtime.ModelSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scalpel edit output}: graph outputs added or removed ({@link SetOutputs}). */
@Command(
    name = "output",
    header = "Add or remove graph outputs.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "  scalpel edit output MODEL -o OUT --add TENSOR [--remove OUTPUT]...",
      "",
      "An added output must have a type (inferred when the model declares none).",
      "Nodes only a removed output read stay; `scalpel simplify` removes them.",
      "ONNX Runtime checks that the outputs kept keep their values.",
      "",
    })
final class EditOutputCommand extends EditSubcommand {
  @Option(names = "--add", paramLabel = "TENSOR", description = "Make a tensor a graph output; repeat for more.")
  List<String> add = new ArrayList<>();

  @Option(names = "--remove", paramLabel = "OUTPUT", description = "Remove a graph output; repeat for more.")
  List<String> remove = new ArrayList<>();

  @Override
  Plan plan(ModelSource source) {
    if (add.isEmpty() && remove.isEmpty()) {
      throw new IllegalArgumentException("nothing to change: give --add TENSOR or --remove OUTPUT");
    }
    SetOutputs edit = new SetOutputs(add, remove);
    // NOTE: added outputs are not in the original, so only the outputs it keeps are compared.
    return new Plan(edit::apply, EditReference.unchangedOutputs(source, new HashSet<>(remove),
        "is removed", "get removed"));
  }
}
