package dev.scalpel.runtime.audit;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.infer.SymExpr;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The symbol values one run binds: each symbolic dim of a graph input takes the size fed on it. */
final class RunSymbols {
  private RunSymbols() {}

  /**
   * Symbol → size for the graph {@code inputs} fed with {@code feeds}. A dim whose name is not a
   * plain symbol (an expression such as {@code 2*n}) binds nothing.
   *
   * @throws IllegalStateException if two inputs feed one symbol different sizes
   */
  static Map<String, Long> of(List<Value> inputs, Map<String, Tensor> feeds) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Value in : inputs) {
      Tensor t = feeds.get(in.name());
      Shape shape = in.shape().orElse(null);
      if (t == null || shape == null) {
        continue;
      }
      long[] dims = t.dims();
      for (int axis = 0; axis < shape.rank() && axis < dims.length; axis++) {
        if (shape.dim(axis) instanceof Dim.Symbolic s && isPlainSymbol(s.name())) {
          Long before = out.putIfAbsent(s.name(), dims[axis]);
          if (before != null && before != dims[axis]) {
            throw new IllegalStateException("'" + s.name() + "' fed as " + before + " and " + dims[axis]);
          }
        }
      }
    }
    return out;
  }

  private static boolean isPlainSymbol(String name) {
    return SymExpr.parse(name).equals(SymExpr.symbol(name));
  }
}
