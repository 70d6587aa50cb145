package dev.scalpel.opset.eval;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.opset.OpId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a kernel over the single-node tests ONNX added after 1.12 (the committed copy in
 * testdata/onnx-node-tests-post-1.12) whose names start with a prefix, the function-body
 * ("_expanded") variants left out; their expected outputs are the reference.
 */
final class NodeTestSweep {
  private NodeTestSweep() {}

  /** The tests run and what went wrong in each that failed. */
  record Outcome(int tests, List<String> failures) {}

  static Outcome run(String prefix) throws IOException {
    return run(prefix, node -> true);
  }

  /** Like {@link #run(String)}, over the tests whose node {@code include} accepts. */
  static Outcome run(String prefix, java.util.function.Predicate<Node> include) throws IOException {
    Path dir = Path.of("../testdata/onnx-node-tests-post-1.12/node");
    List<Path> tests;
    try (Stream<Path> s = Files.list(dir)) {
      tests = s.filter(p -> p.getFileName().toString().startsWith(prefix)
          && !p.getFileName().toString().contains("_expanded")).sorted().toList();
    }
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (Path test : tests) {
      Model model = OnnxReader.read(test.resolve("model.onnx"));
      Node node = model.graph().nodes().get(0);
      if (!include.test(node)) {
        continue;
      }
      ran++;
      long opset = model.opsetImports().version(node.domain()).orElse(-1);
      OpKernel kernel = Kernels.standard().lookup(OpId.of(node), opset)
          .orElseThrow(() -> new AssertionError("no kernel for " + test.getFileName()));
      String problem = NodeTestKernelConformanceTest.run(test, model, node, opset, kernel);
      if (problem != null) {
        failures.add(test.getFileName() + ": " + problem);
        System.out.println("[node-test-sweep] FAIL " + test.getFileName() + ": " + problem);
      }
    }
    return new Outcome(ran, failures);
  }
}
