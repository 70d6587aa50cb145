package dev.scalpel.examples;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.tensor.DenseTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * 01: build a model in code and save it. x[1,3,8,8] → Conv → Mul by a constant computed from two
 * constants → Relu → Dropout → Resize ×2 → y. The later examples edit this {@code model.onnx}.
 *
 * <p>Run: {@code Example01CreateModel DIR} writes {@code DIR/model.onnx}.
 */
public final class Example01CreateModel {
  private Example01CreateModel() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "."));
    GraphBuilder b = GraphBuilder.create(17);
    Graph g = b.graph();
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 3, 8, 8));
    float[] weights = new float[4 * 3 * 3 * 3];
    Arrays.fill(weights, 0.1f);
    Value w = b.initializer("w", DenseTensor.ofFloats("w", new long[] {4, 3, 3, 3}, weights));
    Value features = b.op("Conv", List.of(x, w), Attribute.ofInts("pads", 1, 1, 1, 1));
    g.rename(features, "features");
    // 2 * 0.5 is known before run time: example 02 folds it.
    Value scale = b.op("Mul", b.constant(DenseTensor.ofFloats("two", new long[0], 2f)),
        b.constant(DenseTensor.ofFloats("half", new long[0], 0.5f)));
    Value activations = b.op("Relu", b.op("Mul", features, scale));
    g.rename(activations, "activations");
    Value dropped = b.op("Dropout", activations);
    Value scales = b.constant(DenseTensor.ofFloats("scales", new long[] {4}, 1f, 1f, 2f, 2f));
    Value y = b.op("Resize", Arrays.asList(dropped, null, scales), Attribute.of("mode", "nearest"));
    g.rename(y, "y");
    b.output(y);
    OnnxWriter.write(b.model(), dir.resolve("model.onnx"));
    System.out.println("wrote " + dir.resolve("model.onnx") + ": " + g.nodeCount() + " nodes");
  }
}
