package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.traverse.TopologicalOrder;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.extract.ExtractException;
import dev.scalpel.passes.extract.Extractor;
import dev.scalpel.runtime.ModelSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every corpus model ({@code mvn verify -Pcorpus}) through {@code scalpel inspect --show} (every
 * section, text and JSON) and {@code scalpel extract} between a mid-graph tensor and its first
 * output, validated in ONNX Runtime against the original's intermediate values. The cut is found
 * as a user would: start from the mid-graph tensor alone and add each tensor the "not closed"
 * error names until the cut is closed.
 */
@Tag("corpus")
class CorpusExtractInspectTest {
  @TempDir
  Path dir;

  private static List<Path> corpus() {
    Path folder = Path.of(System.getProperty("scalpel.corpus.dir", "../shared/models"));
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> models = files.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
      assertThat(models).as("models in " + folder).isNotEmpty();
      return models;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> inspectShowsEverySection() {
    return corpus().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
      Model model = ModelSource.read(p).model();
      Cli.Result text = Cli.run("inspect", p.toString(), "--show", "io,nodes,tensors,attrs,weights");
      assertThat(text.exitCode()).as(text.err()).isEqualTo(ExitCodes.OK);
      assertThat(text.out()).contains("Nodes (" + model.graph().allNodes().size() + "):");
      long weights = model.graph().allGraphs().stream().mapToLong(g -> g.initializers().size()).sum();
      assertThat(text.out().lines().filter(l -> l.contains(" min ") || l.contains("(no statistics")).count())
          .isEqualTo(weights);
      Cli.Result json = Cli.run("inspect", p.toString(), "--show", "io,nodes,tensors,attrs,weights", "--json");
      assertThat(json.exitCode()).as(json.err()).isEqualTo(ExitCodes.OK);
      assertThat(JsonOutput.array(JsonOutput.parse(json.out()))).hasSize(1);
    }));
  }

  @TestFactory
  Stream<DynamicTest> extractBetweenAMidGraphTensorAndAnOutputValidates() {
    return corpus().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> extract(p)));
  }

  private void extract(Path file) throws IOException {
    Model model = ModelSource.read(file).model();
    new Analyses().shapes(model);
    Value output = model.graph().outputs().get(0);
    Value mid = midTensor(model, output);
    List<String> inputs = new ArrayList<>(List.of(mid.name()));
    List<String> missing = new ArrayList<>();
    for (int attempt = 0; ; attempt++) {
      try {
        Extractor.extract(model, inputs, List.of(output.name()));
        break;
      } catch (ExtractException e) {
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(ExtractException.Kind.NOT_CLOSED);
        assertThat(attempt).as("cut still not closed after " + inputs).isLessThan(30);
        inputs.add(e.tensor());
        missing.add(e.tensor());
      }
    }
    Path out = dir.resolve("cut.onnx");
    Cli.Result r = Cli.run("extract", file.toString(), "-o", out.toString(), "--inputs", String.join(",", inputs),
        "--outputs", output.name());
    assertThat(r.exitCode()).as(r.err() + r.out()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("in ONNX Runtime: EQUIVALENT");
    Model cut = OnnxReader.read(out);
    assertThat(cut.graph().inputs()).extracting(Value::name).containsExactlyElementsOf(inputs);
    assertThat(cut.graph().outputs()).extracting(Value::name).containsExactly(output.name());
    if (mid.producer() != null) {
      assertThat(cut.graph().nodeCount()).isLessThan(model.graph().nodeCount());
    }
    System.out.printf("corpus extract %-40s %s -> %s: %d of %d nodes (also needed: %s)%n", file.getFileName(),
        mid.name(), output.name(), cut.graph().nodeCount(), model.graph().nodeCount(), missing);
  }

  /**
   * A float tensor computed by a node about halfway along the main graph's topological order among
   * the nodes {@code output} depends on.
   */
  private static Value midTensor(Model model, Value output) {
    Set<Node> ancestors = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Value> work = new ArrayDeque<>(List.of(output));
    while (!work.isEmpty()) {
      Node n = work.pop().producer();
      if (n != null && ancestors.add(n)) {
        n.inputs().stream().filter(v -> v != null).forEach(work::push);
      }
    }
    List<Node> order = TopologicalOrder.of(model.graph()).stream().filter(ancestors::contains).toList();
    // NOTE: from the middle on, then back towards the start; a one-node model is cut at its input.
    List<Node> candidates = new ArrayList<>(order.subList(order.size() / 2, order.size()));
    List<Node> before = new ArrayList<>(order.subList(0, order.size() / 2));
    Collections.reverse(before);
    candidates.addAll(before);
    for (Node n : candidates) {
      for (Value v : n.outputs()) {
        if (v != output && v.dataType().filter(t -> t == DataType.FLOAT).isPresent()) {
          return v;
        }
      }
    }
    return model.graph().inputs().get(0);
  }
}
