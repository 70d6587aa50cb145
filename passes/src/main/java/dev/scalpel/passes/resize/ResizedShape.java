package dev.scalpel.passes.resize;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shape of a resize whose scale is known only at run time: the input's dims on the axes it
 * does not resize (scale 1 keeps a dim exactly), a fresh symbol on each resized axis. Fresh means
 * used by no value of the model, so that a runtime (TensorRT 10 treats equal names as equal dims)
 * never ties a resized dim to another.
 */
final class ResizedShape {
  private ResizedShape() {}

  static Shape of(Graph graph, Shape in, int[] resizedAxes, String hint) {
    Set<String> used = symbolsIn(graph);
    List<Dim> dims = new ArrayList<>(in.dims());
    String base = sanitize(hint);
    for (int axis : resizedAxes) {
      String name = base + "_d" + axis;
      for (int n = 0; used.contains(name); n++) {
        name = base + "_d" + axis + "_" + n;
      }
      used.add(name);
      dims.set(axis, Dim.of(name));
    }
    return Shape.of(dims);
  }

  private static String sanitize(String hint) {
    StringBuilder b = new StringBuilder();
    for (char c : hint.toCharArray()) {
      b.append(Character.isLetterOrDigit(c) || c == '_' ? c : '_');
    }
    while (b.length() > 0 && b.charAt(0) == '_') {
      b.deleteCharAt(0);
    }
    if (b.length() == 0 || !Character.isLetter(b.charAt(0))) {
      b.insert(0, "resized_");
    }
    return b.toString();
  }

  private static Set<String> symbolsIn(Graph root) {
    Set<String> out = new HashSet<>();
    for (Graph g : root.allGraphs()) {
      List<Value> values = new ArrayList<>(g.inputs());
      values.addAll(g.outputs());
      values.addAll(g.valueInfos());
      for (Node n : g) {
        values.addAll(n.outputs());
      }
      for (Value v : values) {
        v.shape().ifPresent(s -> {
          for (Dim d : s.dims()) {
            if (d instanceof Dim.Symbolic sym) {
              out.add(sym.name());
            }
          }
        });
      }
    }
    return out;
  }
}
