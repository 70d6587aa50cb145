package dev.scalpel.passes.fold;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fold region as a model of its own: the region's constant inputs as initializers, copies of its
 * nodes, the wanted values as outputs typed by their element type only (no shape: what the
 * region computes is for inference or a runtime to say, not for the declarations to claim).
 */
public final class RegionModel {
  private RegionModel() {}

  /**
   * Builds the model; {@code copies} receives each original value's copy.
   *
   * @param model the model the region belongs to (for its opset imports and IR version)
   */
  public static Model of(Model model, List<Node> region, Map<Value, Tensor> constants, Set<Value> wanted,
      Map<Value, Value> copies) {
    Graph g = new Graph("fold_region");
    Model m = new Model(g);
    m.setIrVersion(model.irVersion());
    m.opsetImports().copyFrom(model.opsetImports());
    constants.forEach((v, t) -> copies.put(v, g.addInitializer(new Value(v.name()), t)));
    for (Node n : region) {
      List<Value> inputs = new ArrayList<>();
      for (Value in : n.inputs()) {
        inputs.add(in == null ? null : copies.get(in));
      }
      List<String> outputNames = new ArrayList<>();
      n.outputs().forEach(o -> outputNames.add(o.name()));
      Node copy = new Node(n.hasDomain() ? n.domain() : null, n.opType(), inputs, outputNames,
          n.attributes().values());
      g.append(copy);
      for (int i = 0; i < n.outputs().size(); i++) {
        copies.put(n.output(i), copy.output(i));
      }
    }
    for (Value w : wanted) {
      Value copy = copies.get(w);
      // NOTE: ONNX Runtime wants an element type on every graph output; the declared one if known.
      // The declared shape is left out: a model may declare a small shape for a huge result, and
      // RegionForecast must see the shape inference derives.
      ValueType type = w.type();
      copy.setType(type instanceof ValueType.TensorType t ? t.withShape(null) : type);
      g.addOutput(copy);
    }
    return m;
  }
}
