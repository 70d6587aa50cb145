package dev.scalpel.runtime;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.passes.Pipelines;
import java.nio.file.Path;

/**
 * Folds each model named in {@code ARGS} through ONNX Runtime, in a JVM of its own (run by {@link
 * OrtEmptyTensorUsesVettingTest}): prints {@code start NAME} before and {@code folded NAME [ops
 * left]} after each, so that when ONNX Runtime kills the process the last line names the model.
 */
public final class EmptyTensorUseRun {
  private EmptyTensorUseRun() {}

  public static void main(String[] args) throws Exception {
    for (String a : args) {
      Path p = Path.of(a);
      System.out.println("start " + p.getFileName());
      System.out.flush();
      Model m = OnnxReader.read(p);
      Pipelines.fold(Pipelines.Options.defaults().withFallback(new OrtEvaluator())).run(m);
      System.out.println("folded " + p.getFileName() + " " + m.graph().nodes().stream().map(Node::opType).toList());
      System.out.flush();
    }
  }
}
