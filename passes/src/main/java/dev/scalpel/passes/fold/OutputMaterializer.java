package dev.scalpel.passes.fold;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;

/**
 * Makes a folded value an initializer: its readers read a new initializer instead. A graph output
 * keeps its name: the computed value is renamed and the initializer takes the old name (and the
 * declared type), so the model's signature does not change.
 */
final class OutputMaterializer {
  private OutputMaterializer() {}

  /** Replaces every use of {@code value} (in the main graph {@code g}) by an initializer holding {@code data}. */
  static void replace(Graph g, Value value, Tensor data) {
    if (!value.isGraphOutput()) {
      Value init = g.addInitializer(value.name(), data);
      value.replaceAllUsesWith(init);
      return;
    }
    String name = value.name();
    value.setName(g.freshValueName(name));
    ValueType declared = value.type();
    Value init = new Value(name, declared);
    g.addInitializer(init, data);
    if (declared == null) {
      // NOTE: addInitializer types an untyped value from its data; the signature must stay as declared.
      init.setType(null);
    }
    value.replaceAllUsesWith(init);
    for (int i = 0; i < g.outputs().size(); i++) {
      if (g.outputs().get(i) == value) {
        g.setOutput(i, init);
      }
    }
  }
}
