package dev.scalpel.examples;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.simplify.SimplifyOptions;
import dev.scalpel.runtime.simplify.SimplifyResult;
import dev.scalpel.runtime.simplify.Simplifier;
import java.nio.file.Path;
import java.util.List;

/**
 * 11: the whole surgery a user writes, in one place: load, list the inputs, find the Convs,
 * insert a Relu after a tensor, bypass a node, simplify, validate (the simplified model against
 * the edited one, in ONNX Runtime) and save, the file written only if the check passes.
 *
 * <p>Run: {@code Example11SurgeryPipeline DIR} reads {@code DIR/model.onnx}, writes {@code DIR/pipeline.onnx}.
 */
public final class Example11SurgeryPipeline {
  private Example11SurgeryPipeline() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    // pipeline:begin (the lines README.md counts)
    Model model = OnnxReader.read(dir.resolve("model.onnx"));
    Graph g = model.graph();
    g.inputs().forEach(input -> System.out.println("input " + input));
    List<Node> convs = g.nodes("Conv");
    g.newNode("Relu").insertAfter(convs.get(0).output(0));
    g.bypass(g.nodes("Dropout").get(0));
    SimplifyResult result = new Simplifier().run(ModelSource.of(model), SimplifyOptions.defaults(),
        new CheckedEdit.Output(dir.resolve("pipeline.onnx"), WriteOptions.defaults()));
    System.out.println(result.report().validation().orElseThrow().passed() + ", written: " + result.written().isPresent());
    // pipeline:end
  }
}
