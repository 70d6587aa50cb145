package dev.scalpel.passes.edit;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ModelEdit;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.common.InferShapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Adds tensors of the main graph to its outputs, and removes outputs. Every other output keeps
 * its value. Nodes that only a removed output read stay (a later {@code simplify} removes them).
 *
 * <p>An added output needs a type (ONNX requires one on the main graph's outputs): shape
 * inference runs when it has none, and a tensor whose type stays unknown is refused.
 */
public final class SetOutputs implements ModelEdit<List<String>> {
  private final List<String> add;
  private final List<String> remove;

  public SetOutputs(List<String> add, List<String> remove) {
    this.add = List.copyOf(Objects.requireNonNull(add, "add"));
    this.remove = List.copyOf(Objects.requireNonNull(remove, "remove"));
  }

  /** @return one line per output added or removed */
  @Override
  public List<String> apply(Model model, Analyses analyses) {
    Graph graph = model.graph();
    List<Value> added = new ArrayList<>();
    for (String name : add) {
      Value v = graph.findValue(name)
          .orElseThrow(() -> new GraphEditException("no tensor named '" + name + "' in the main graph"));
      if (v.isGraphOutput()) {
        throw new GraphEditException("'" + name + "' is already a graph output");
      }
      added.add(v);
    }
    for (String name : remove) {
      if (graph.outputs().stream().noneMatch(v -> v.name().equals(name))) {
        throw new GraphEditException("'" + name + "' is not a graph output; the outputs are "
            + String.join(", ", graph.outputs().stream().map(Value::name).toList()));
      }
    }
    if (added.isEmpty() && remove.size() >= graph.outputs().size()) {
      throw new GraphEditException("a graph needs at least one output; add one before removing the last");
    }
    if (added.stream().anyMatch(v -> v.type() == null)) {
      new InferShapes().run(model, new PassContext(analyses));
    }
    for (Value v : added) {
      if (v.type() == null) {
        throw new GraphEditException("the type of '" + v.name() + "' is unknown (shape inference could not derive"
            + " it), and a graph output needs one");
      }
    }
    List<String> notes = new ArrayList<>();
    for (Value v : added) {
      graph.addOutput(v);
      notes.add("added output '" + v.name() + "'");
    }
    for (String name : remove) {
      for (int i = graph.outputs().size() - 1; i >= 0; i--) {
        if (graph.outputs().get(i).name().equals(name)) {
          graph.removeOutput(i);
        }
      }
      notes.add("removed output '" + name + "'");
    }
    return notes;
  }
}
