package dev.scalpel.passes.edit;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.NodeBuilder;
import dev.scalpel.graph.traverse.Downstream;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ModelEdit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Inserts a node of any operator after (or before) a tensor of the main graph: the node reads the
 * tensor, and every other reader of it, graph outputs included, reads the node's output
 * ({@link NodeBuilder#insertAfter}, {@link NodeBuilder#insertBefore}). Graph output names are kept.
 *
 * <p>An edit that changes what the model computes on purpose: the outputs computed from the tensor
 * ({@link #changedOutputs}) change, the others keep their values.
 */
public final class InsertNode implements ModelEdit<InsertNode.Result> {
  /** Where the node goes relative to the tensor. */
  public enum Where {
    /** The node reads the tensor; the tensor keeps its name. */
    AFTER,
    /** The node's output takes the tensor's name (a graph input or initializer has no "before"). */
    BEFORE
  }

  /**
   * @param tensor name of a value of the main graph
   * @param opType the operator of the new node
   * @param domain its domain ("" for the default ONNX domain); imported at version 1 if the model
   *     does not import it
   * @param attributes the node's attributes
   */
  public record Options(String tensor, Where where, String opType, String domain, List<Attribute> attributes) {
    public Options {
      Objects.requireNonNull(tensor, "tensor");
      Objects.requireNonNull(where, "where");
      Objects.requireNonNull(opType, "opType");
      domain = domain == null ? "" : domain;
      attributes = List.copyOf(attributes);
    }

    public static Options after(String tensor, String opType, Attribute... attributes) {
      return new Options(tensor, Where.AFTER, opType, "", List.of(attributes));
    }
  }

  /**
   * @param node the new node's name
   * @param output its output's name
   * @param notes what was inserted where, then what shape inference reported
   */
  public record Result(String node, String output, List<String> notes) {
    public Result {
      notes = List.copyOf(notes);
    }
  }

  private final Options options;

  public InsertNode(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The names of the main graph's outputs computed from the tensor (changed on purpose). */
  public Set<String> changedOutputs(Model model) {
    return Downstream.outputNames(model.graph(), List.of(find(model.graph())));
  }

  @Override
  public Result apply(Model model, Analyses analyses) {
    Graph graph = model.graph();
    Value tensor = find(graph);
    List<String> notes = new ArrayList<>();
    NodeBuilder builder = graph.newNode(options.opType()).domain(options.domain());
    options.attributes().forEach(builder::attr);
    Node node;
    try {
      node = options.where() == Where.AFTER ? builder.insertAfter(tensor) : builder.insertBefore(tensor);
    } catch (IllegalArgumentException e) {
      throw new GraphEditException(e.getMessage());
    }
    String domain = options.domain().equals("ai.onnx") ? "" : options.domain();
    if (!model.opsetImports().imports(domain)) {
      model.opsetImports().set(domain, 1);
      notes.add("imported domain '" + domain + "' at version 1");
    }
    notes.add("inserted " + node.describe() + " " + options.where().name().toLowerCase(java.util.Locale.ROOT)
        + " '" + options.tensor() + "', output '" + node.output(0).name() + "'");
    notes.addAll(StaleTypes.reinfer(model, node.outputs(), analyses));
    return new Result(node.name(), node.output(0).name(), notes);
  }

  private Value find(Graph graph) {
    return graph.findValue(options.tensor())
        .orElseThrow(() -> new GraphEditException("no tensor named '" + options.tensor() + "' in the main graph"));
  }
}
