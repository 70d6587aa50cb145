package dev.scalpel.runtime;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.OnnxReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the bundled test models and finds their parts by name. */
final class TestModels {
  private TestModels() {}

  /** tiny_cnn.onnx: x float[batch,3,8,8] → logits float[batch,10]. */
  static Model tinyCnn() {
    try (InputStream in = TestModels.class.getResourceAsStream("/dev/scalpel/testdata/models/tiny_cnn.onnx")) {
      return OnnxReader.read(in, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
