package dev.scalpel.examples;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.passes.extract.Extractor;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.ExtractionCheck;
import dev.scalpel.runtime.ModelSource;
import java.nio.file.Path;
import java.util.List;

/**
 * 08: cut out the subgraph between two tensors ({@code features} → {@code activations}: the Mul and
 * the Relu), typed by shape inference, dead code and unused weights dropped; then prove it: fed the
 * values {@code features} has in the original, it must give the original's {@code activations}.
 *
 * <p>Run: {@code Example08ExtractSubgraph DIR} reads {@code DIR/model.onnx}, writes {@code DIR/extracted.onnx}.
 */
public final class Example08ExtractSubgraph {
  private Example08ExtractSubgraph() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    Model model = OnnxReader.read(dir.resolve("model.onnx"));
    Model cut = Extractor.extract(model, List.of("features"), List.of("activations"));
    OnnxWriter.write(cut, dir.resolve("extracted.onnx"));
    EquivalenceReport proof = ExtractionCheck.check(ModelSource.of(model), ModelSource.of(cut), CheckOptions.defaults());
    System.out.println("extracted " + cut.graph().nodeCount() + " nodes, inputs " + cut.graph().inputs()
        + "; matches the original: " + proof.passed());
  }
}
