package dev.scalpel.cli;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Model;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.SchemaRegistry;
import dev.scalpel.passes.edit.InsertNode;
import dev.scalpel.runtime.ModelSource;
import java.util.ArrayList;
import java.util.List;
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
      "",
      "--after: the node reads TENSOR and every other reader of TENSOR (graph",
      "outputs too) reads the node's output. --before: the same, but the node's",
      "output takes TENSOR's name. A graph output keeps its name either way.",
      "Attributes are typed by the operator's schema (alpha=1 is a float for",
      "LeakyRelu); for other domains by their spelling, or NAME:TYPE=VALUE with",
      "TYPE int, float, ints, floats or string.",
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

  @Override
  Plan plan(ModelSource source) {
    Model model = source.model();
    String d = domain.equals("ai.onnx") ? "" : domain;
    SchemaRegistry registry = SchemaRegistry.standard();
    if (registry.knowsDomain(d)) {
      long version = model.opsetImports().version(d).orElse(registry.newestOpset(d).orElse(1));
      if (registry.lookup(new OpId(d, op), version).isEmpty()) {
        throw new IllegalArgumentException("--op " + op + ": no such operator in domain '"
            + (d.isEmpty() ? "ai.onnx" : d) + "' at opset " + version);
      }
    }
    List<Attribute> attributes = new ArrayList<>();
    for (String a : attrs) {
      attributes.add(AttributeOption.parse(a, op, d, model.opsetImports()));
    }
    String tensor = where.after != null ? where.after : where.before;
    InsertNode edit = new InsertNode(new InsertNode.Options(tensor,
        where.after != null ? InsertNode.Where.AFTER : InsertNode.Where.BEFORE, op, d, attributes));
    EditReference reference = EditReference.unchangedOutputs(source, edit.changedOutputs(model),
        "is computed from '" + tensor + "'", "read '" + tensor + "'");
    return new Plan(copy -> edit.apply(copy).notes(), reference);
  }
}
