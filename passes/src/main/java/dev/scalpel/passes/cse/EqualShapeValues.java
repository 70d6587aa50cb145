package dev.scalpel.passes.cse;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.passes.shape.ShapeValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code v = u} when the shape analysis proves that two computed values hold the same elements
 * (same symbolic dims, same element type, both scalars or both vectors): the later one's readers
 * read the first one. This is common-subexpression elimination by value rather than by syntax:
 * {@code Shape(x)[0]} and {@code Shape(y)[0]} of a broadcast pair are the same number. Only values
 * that {@link ShapeValues#qualifies qualify} and that are not graph outputs are merged, in the
 * main graph, in topological order.
 */
final class EqualShapeValues {
  private EqualShapeValues() {}

  /** Merges in {@code g} (the main graph, nodes in topological {@code order}); returns how many. */
  static int merge(Graph g, List<Node> order, ShapeInference.Result shapes) {
    Map<List<Object>, Value> first = new HashMap<>();
    int merged = 0;
    for (Node node : order) {
      for (Value v : node.outputs()) {
        Optional<PartialValue> pv = shapes.valueOf(v);
        if (pv.isEmpty() || !pv.get().isFullyKnown() || ShapeValues.isStatic(pv.get()) || v.isGraphOutput()
            || !ShapeValues.qualifies(v, pv.get())) {
          continue;
        }
        List<Object> key = new ArrayList<>();
        key.add(v.dataType().orElseThrow());
        key.add(pv.get().scalar());
        key.addAll(pv.get().elements());
        Value earlier = first.putIfAbsent(key, v);
        if (earlier != null && v.isUsed()) {
          v.replaceAllUsesWith(earlier);
          merged++;
        }
      }
    }
    return merged;
  }
}
