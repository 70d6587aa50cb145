package dev.scalpel.examples;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import java.nio.file.Path;

/**
 * 03: insert a node after a tensor. The LeakyRelu reads {@code features}; everything that read
 * {@code features} reads the LeakyRelu instead. A graph input, an initializer or a graph output
 * works the same way (an output keeps its name).
 *
 * <p>Run: {@code Example03InsertNode DIR} reads {@code DIR/model.onnx}, writes {@code DIR/inserted.onnx}.
 */
public final class Example03InsertNode {
  private Example03InsertNode() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    Model model = OnnxReader.read(dir.resolve("model.onnx"));
    Graph g = model.graph();
    Node leaky = g.newNode("LeakyRelu").attr("alpha", 0.1).insertAfter(g.value("features"));
    System.out.println("inserted " + leaky + ": " + leaky.input(0).name() + " -> " + leaky.output(0).name()
        + ", read by " + leaky.output(0).consumers());
    OnnxWriter.write(model, dir.resolve("inserted.onnx"));
  }
}
