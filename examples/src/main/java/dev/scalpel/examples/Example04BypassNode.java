package dev.scalpel.examples;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import java.nio.file.Path;

/**
 * 04: remove a node by bypassing it: its data input takes its output's place. {@code
 * Graph.remove} only removes nodes nobody reads, and says so.
 *
 * <p>Run: {@code Example04BypassNode DIR} reads {@code DIR/model.onnx}, writes {@code DIR/bypassed.onnx}.
 */
public final class Example04BypassNode {
  private Example04BypassNode() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    Model model = OnnxReader.read(dir.resolve("model.onnx"));
    Graph g = model.graph();
    Node dropout = g.nodes("Dropout").get(0);
    try {
      g.remove(dropout);
    } catch (IllegalStateException e) {
      System.out.println("remove: " + e.getMessage());
    }
    g.bypass(dropout);
    System.out.println("bypassed " + dropout + "; the Resize reads '" + g.nodes("Resize").get(0).input(0).name() + "'");
    OnnxWriter.write(model, dir.resolve("bypassed.onnx"));
  }
}
