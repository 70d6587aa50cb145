package dev.scalpel.examples;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.passes.Pipelines;
import java.nio.file.Path;

/**
 * 02: fold constants. The {@code Mul(2, 0.5)} of example 01 becomes the constant 1; shape
 * arithmetic, Constant nodes and known If conditions fold the same way.
 *
 * <p>Run: {@code Example02FoldConstants DIR} reads {@code DIR/model.onnx}, writes {@code DIR/folded.onnx}.
 */
public final class Example02FoldConstants {
  private Example02FoldConstants() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    Model model = OnnxReader.read(dir.resolve("model.onnx"));
    int before = model.graph().nodeCount();
    Pipelines.fold(Pipelines.Options.defaults()).run(model);   // Java kernels only; see OrtEvaluator for the rest
    OnnxWriter.write(model, dir.resolve("folded.onnx"));
    System.out.println("nodes " + before + " -> " + model.graph().nodeCount());
  }
}
