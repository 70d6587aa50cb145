package dev.scalpel.examples;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.passes.dims.DimChange;
import dev.scalpel.passes.dims.MakeDynamic;
import java.nio.file.Path;
import java.util.List;

/**
 * 05: make a batch exported as 1 dynamic. {@code MakeDynamic} names the dim and rewrites the
 * constants that hard-code the old size where shape inference proves them to be that dim; what it
 * cannot prove is listed, and then the model should not be trusted at other batch sizes.
 *
 * <p>Run: {@code Example05MakeBatchDynamic DIR} reads {@code DIR/model.onnx}, writes {@code DIR/dynamic.onnx}.
 */
public final class Example05MakeBatchDynamic {
  private Example05MakeBatchDynamic() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    Model model = OnnxReader.read(dir.resolve("model.onnx"));
    MakeDynamic.Result result = new MakeDynamic(List.of(new DimChange("x", 0, Dim.of("batch")))).apply(model);
    if (!result.proven()) {
      throw new IllegalStateException("not proven: " + result.findings());
    }
    System.out.println("x is now " + model.graph().value("x").type() + ", y " + model.graph().value("y").type());
    OnnxWriter.write(model, dir.resolve("dynamic.onnx"));
  }
}
