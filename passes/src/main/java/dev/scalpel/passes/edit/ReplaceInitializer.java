package dev.scalpel.passes.edit;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.traverse.Downstream;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ModelEdit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Gives an initializer of the main graph new data. The element type must stay (operators' type
 * constraints depend on it); the shape must stay unless {@code allowShapeChange}, and then the
 * shapes computed from it are inferred again.
 */
public final class ReplaceInitializer implements ModelEdit<List<String>> {
  private final String name;
  private final Tensor data;
  private final boolean allowShapeChange;

  public ReplaceInitializer(String name, Tensor data, boolean allowShapeChange) {
    this.name = Objects.requireNonNull(name, "name");
    this.data = Objects.requireNonNull(data, "data");
    this.allowShapeChange = allowShapeChange;
  }

  /** The names of the main graph's outputs computed from the initializer (changed on purpose). */
  public Set<String> changedOutputs(Model model) {
    return Downstream.outputNames(model.graph(), List.of(find(model.graph())));
  }

  /** @return what was replaced, then what shape inference reported */
  @Override
  public List<String> apply(Model model, Analyses analyses) {
    Graph graph = model.graph();
    Value v = find(graph);
    Tensor old = v.initializer().orElseThrow();
    if (old.dataType() != data.dataType()) {
      throw new GraphEditException("initializer '" + name + "' is " + old.dataType() + ", the new data "
          + data.dataType() + "; the element type must stay");
    }
    boolean reshaped = !Arrays.equals(old.dims(), data.dims());
    if (reshaped && !allowShapeChange) {
      throw new GraphEditException("initializer '" + name + "' has shape " + Arrays.toString(old.dims())
          + ", the new data " + Arrays.toString(data.dims()) + " (--allow-shape-change allows it)");
    }
    v.setInitializer(data);
    List<String> notes = new ArrayList<>();
    notes.add("replaced initializer '" + name + "' (" + data.dataType() + " " + Arrays.toString(data.dims()) + ")");
    if (reshaped) {
      v.setType(new ValueType.TensorType(data.dataType(), Shape.of(data.dims())));
      // NOTE: an initializer has no producer, so only what is computed from it loses its type.
      notes.addAll(StaleTypes.reinfer(model, List.of(v), analyses));
    }
    return notes;
  }

  private Value find(Graph graph) {
    return graph.initializer(name)
        .filter(v -> v.initializer().isPresent())
        .orElseThrow(() -> new GraphEditException("no dense initializer named '" + name + "' in the main graph"));
  }
}
