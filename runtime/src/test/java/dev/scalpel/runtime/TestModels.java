package dev.scalpel.runtime;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;

/** Loads the bundled test models and finds their parts by name. */
final class TestModels {
  private TestModels() {}

  /** tiny_cnn.onnx: x float[batch,3,8,8] → logits float[batch,10]. */
  static Model tinyCnn() {
    return dev.scalpel.passes.TestModels.tinyCnn();
  }

  static Node node(Model model, String name) {
    for (Node n : model.graph()) {
      if (n.name().equals(name)) {
        return n;
      }
    }
    throw new IllegalArgumentException("no node " + name);
  }

  static Value initializer(Model model, String name) {
    return model.graph().initializer(name).orElseThrow();
  }
}
