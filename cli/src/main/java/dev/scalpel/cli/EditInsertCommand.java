package dev.scalpel.cli;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Model;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.OpSchema;
import dev.scalpel.opset.SchemaRegistry;
import dev.scalpel.passes.edit.InsertNode;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.inputs.NpyFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scalpel edit insert}: a node of any operator after or before a tensor ({@link InsertNode}). */
@Command(
    name = "insert",
    header = "Insert a node after or before a tensor.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "  scalpel edit insert MODEL -o OUT --after TENSOR --op OP [--attr NAME=VALUE]...",
      "  scalpel edit insert MODEL -o OUT --after TENSOR --op OP --node-inputs IN,IN...",
      "",
      "--after: the node reads TENSOR and every other reader of TENSOR (graph",
      "outputs too) reads the node's output. --before: the same, but the node's",
      "output takes TENSOR's name. A graph output keeps its name either way.",
      "Attributes are typed by the operator's schema (alpha=1 is a float for",
      "LeakyRelu); for other domains by their spelling, or NAME:TYPE=VALUE with",
      "TYPE int, float, ints, floats or string.",
      "",
      "--node-inputs gives all the node's inputs in order (default: TENSOR alone):",
      "TENSOR itself (at least once), other tensors of the main graph, and .npy",
      "files, each a new initializer named after the file, as in",
      "--after x --op Add --node-inputs x,bias.npy or --op Sub --node-inputs one.npy,x.",
      "A tensor computed from TENSOR is refused (the node would feed itself).",
      "",
      "The new node changes what the outputs computed from TENSOR hold, so ONNX",
      "Runtime checks that the other outputs keep their values and that the",
      "changed ones are still produced (the model loads and runs).",
      "",
    })
final class EditInsertCommand extends EditSubcommand {
  static final class Where {
    @Option(names = "--after", paramLabel = "TENSOR", required = true, description = "Insert after this tensor.")
    String after;

    @Option(names = "--before", paramLabel = "TENSOR", required = true,
        description = "Insert before this tensor (the node's output takes its name).")
    String before;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Where where;

  @Option(names = "--op", paramLabel = "OP", required = true, description = "Operator of the new node, such as Relu.")
  String op;

  @Option(names = "--domain", paramLabel = "DOMAIN", defaultValue = "",
      description = "Operator domain (default: the ONNX domain).")
  String domain;

  @Option(names = "--attr", paramLabel = "NAME=VALUE", description = "An attribute; repeat for more.")
  List<String> attrs = new ArrayList<>();

  @Option(names = "--node-inputs", paramLabel = "IN[,IN...]", split = ",", hideParamSyntax = true,
      description = "The node's inputs in order: TENSOR, other tensors, FILE.npy initializers (default: TENSOR).")
  List<String> inputs = new ArrayList<>();

  @Override
  Plan plan(ModelSource source) throws IOException {
    Model model = source.model();
    String d = domain.equals("ai.onnx") ? "" : domain;
    SchemaRegistry registry = SchemaRegistry.standard();
    if (registry.knowsDomain(d)) {
      long version = model.opsetImports().version(d).orElse(registry.newestOpset(d).orElse(1));
      Optional<OpSchema> schema = registry.lookup(new OpId(d, op), version);
      if (schema.isEmpty()) {
        throw new IllegalArgumentException("--op " + op + ": no such operator in domain '"
            + (d.isEmpty() ? "ai.onnx" : d) + "' at opset " + version);
      }
      int count = Math.max(1, inputs.size());
      int min = schema.get().minInput();
      int max = schema.get().maxInput();
      if (count < min || count > max) {
        throw new IllegalArgumentException("--op " + op + " takes " + (min == max ? "" + min : max == Integer.MAX_VALUE ? min + " or more" : min + " to " + max)
            + " input(s) at opset " + version + ", not " + count + (inputs.isEmpty() ? " (give them with --node-inputs)" : ""));
      }
    }
    List<Attribute> attributes = new ArrayList<>();
    for (String a : attrs) {
      attributes.add(AttributeOption.parse(a, op, d, model.opsetImports()));
    }
    String tensor = where.after != null ? where.after : where.before;
    List<InsertNode.Input> nodeInputs = new ArrayList<>();
    for (String in : inputs) {
      nodeInputs.add(nodeInput(in, tensor));
    }
    if (!inputs.isEmpty() && !inputs.contains(tensor)) {
      throw new IllegalArgumentException("--node-inputs " + String.join(",", inputs) + ": must include '" + tensor
          + "', the tensor the node is inserted " + (where.after != null ? "after" : "before"));
    }
    InsertNode edit = new InsertNode(new InsertNode.Options(tensor,
        where.after != null ? InsertNode.Where.AFTER : InsertNode.Where.BEFORE, op, d, attributes, nodeInputs));
    EditReference reference = EditReference.unchangedOutputs(source, edit.changedOutputs(model),
        "is computed from '" + tensor + "'", "read '" + tensor + "'");
    return new Plan(copy -> edit.apply(copy).notes(), reference);
  }

  /** One entry of --node-inputs: TENSOR, a FILE.npy (read now, so a bad file fails before the model changes), or a name. */
  private static InsertNode.Input nodeInput(String in, String tensor) throws IOException {
    if (in.equals(tensor)) {
      return new InsertNode.Input.Anchor();
    }
    if (in.endsWith(".npy")) {
      Path file = Path.of(in);
      String stem = file.getFileName().toString();
      stem = stem.substring(0, stem.length() - ".npy".length());
      return new InsertNode.Input.Weight(NpyFormat.read(file, stem));
    }
    if (in.isEmpty()) {
      throw new IllegalArgumentException("--node-inputs: an empty entry (optional inputs cannot be omitted here)");
    }
    return new InsertNode.Input.Named(in);
  }
}
