package dev.scalpel.passes.fold;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;

/**
 * Makes a folded value an initializer: its readers read a new initializer instead, which takes the
 * value's name (the computed value, about to die, is renamed), so names that users and later
 * tools see stay stable. A graph output keeps its declared type too, so the model's signature does
 * not change; any other initializer is typed from its data.
 */
final class OutputMaterializer {
  private OutputMaterializer() {}

  /** Replaces every use of {@code value} (in the main graph {@code g}) by an initializer holding {@code data}. */
  static void replace(Graph g, Value value, Tensor data) {
    String name = value.name();
    value.setName(g.freshValueName(name));
    boolean output = value.isGraphOutput();
    ValueType declared = value.type();
    Value init = new Value(name, output ? declared : null);
    g.addInitializer(init, data);
    if (output && declared == null) {
      // NOTE: addInitializer types an untyped value from its data; the signature must stay as declared.
      init.setType(null);
    }
    value.replaceAllUsesWith(init);
    if (!output) {
      return;
    }
    for (int i = 0; i < g.outputs().size(); i++) {
      if (g.outputs().get(i) == value) {
        g.setOutput(i, init);
      }
    }
  }
}
