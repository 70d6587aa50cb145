package dev.scalpel.examples;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.WriteOptions;
import dev.scalpel.graph.DataType;
import dev.scalpel.passes.convert.Float16Converter;
import dev.scalpel.passes.extract.Extractor;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.convert.CheckedConversion;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.simplify.SimplifyOptions;
import dev.scalpel.runtime.simplify.SimplifyResult;
import dev.scalpel.runtime.simplify.Simplifier;
import java.nio.file.Path;
import java.util.List;

/**
 * 11: the whole surgery a user writes, in one place: load, list the inputs, find the Convs,
 * insert a Relu after a tensor, bypass a node, extract the subgraph between two tensors, simplify
 * (validated against the cut in ONNX Runtime), convert to float16 (validated against the float32
 * result) and save, the file written only if both checks pass.
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
    Model cut = Extractor.extract(model, List.of("x"), List.of("activations"));
    SimplifyResult simplified = Simplifier.simplify(cut, SimplifyOptions.defaults());
    CheckedEdit.Outcome<Float16Converter.Result> half = CheckedConversion.float16(ModelSource.of(simplified.model()),
        Float16Converter.Options.of(DataType.FLOAT16), CheckOptions.defaults(), true)
        .writingTo(dir.resolve("pipeline.onnx"), WriteOptions.defaults()).run();
    System.out.println(simplified.report().passed() + ", " + half.passed() + ", written: " + half.written().isPresent());
    // pipeline:end
  }
}
