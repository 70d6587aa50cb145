package dev.scalpel.passes.edit;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.traverse.Downstream;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ModelEdit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Removes a node of the main graph by passing its single data input through in its place
 * ({@link Graph#bypass}): onnx-graphsurgeon's "remove a node". A graph output it produced keeps its
 * name.
 *
 * <p>Changes what the model computes unless the node was an identity: the outputs computed from
 * the node ({@link #changedOutputs}) change, the others keep their values.
 */
public final class BypassNode implements ModelEdit<BypassNode.Result> {
  /**
   * @param node the removed node's name
   * @param passedThrough the name of the value that took its output's place
   * @param notes what was removed, then what shape inference reported
   */
  public record Result(String node, String passedThrough, List<String> notes) {
    public Result {
      notes = List.copyOf(notes);
    }
  }

  private final String nodeName;

  /** Bypasses the node of the main graph named {@code nodeName}. */
  public BypassNode(String nodeName) {
    this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
  }

  /** The names of the main graph's outputs computed from the node (changed on purpose). */
  public Set<String> changedOutputs(Model model) {
    return Downstream.outputNames(model.graph(), find(model.graph()).outputs());
  }

  @Override
  public Result apply(Model model, Analyses analyses) {
    Graph graph = model.graph();
    Node node = find(graph);
    String description = node.describe();
    List<Value> readers = new ArrayList<>();
    for (Usage u : node.output(0).uses()) {
      readers.addAll(u.node().outputs());
    }
    Value passed;
    try {
      passed = graph.bypass(node);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new GraphEditException(e.getMessage());
    }
    List<String> notes = new ArrayList<>();
    notes.add("removed " + description + "; its readers read '" + passed.name() + "'");
    // NOTE: the passed-through value keeps its type; what read the removed output may change shape.
    notes.addAll(StaleTypes.reinfer(model, readers, analyses));
    return new Result(nodeName, passed.name(), notes);
  }

  private Node find(Graph graph) {
    return graph.findNode(nodeName)
        .orElseThrow(() -> new GraphEditException("no node named '" + nodeName + "' in the main graph"));
  }
}
