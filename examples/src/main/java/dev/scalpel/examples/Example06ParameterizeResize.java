package dev.scalpel.examples;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.passes.resize.ParameterizeResize;
import java.nio.file.Path;

/**
 * 06: a Resize with a baked-in scale takes its scale from a new graph input, {@code factor}, so
 * one model serves every upscaling factor. The resized dims become symbols.
 *
 * <p>Run: {@code Example06ParameterizeResize DIR} reads {@code DIR/model.onnx}, writes {@code DIR/resizable.onnx}.
 */
public final class Example06ParameterizeResize {
  private Example06ParameterizeResize() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    Model model = OnnxReader.read(dir.resolve("model.onnx"));
    ParameterizeResize.Result result = new ParameterizeResize().apply(model);
    System.out.println("scale now from input '" + result.input() + "'; y is " + model.graph().value("y").type());
    OnnxWriter.write(model, dir.resolve("resizable.onnx"));
  }
}
