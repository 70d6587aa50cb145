package dev.scalpel.graph.traverse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Unmodeled;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.tensor.ExternalTensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {
  @Test
  void countsWithoutReadingExternalData() {
    Graph g = new Graph("g");
    Value x = g.addInput(new Value("x", ValueType.tensor(DataType.FLOAT, Shape.of(Dim.of("n")))));
    // The data file does not exist: a summary must not touch it.
    Path data = Path.of("/nonexistent/w.data");
    Value a = g.addInitializer(new Value("a"), external("a", data, "w.data", 0, 4000, 1000));
    Value b = g.addInitializer(new Value("b"), external("b", Path.of("/nonexistent/./w.data"), "./w.data", 4096, 8, 2));
    // An initializer listed as an input too (IR < 4 style) is not reported as an input.
    Value c = g.addInitializer(new Value("c"), DenseTensor.ofLongs("c", new long[] {3}, 1, 2, 3));
    g.addInput(c);
    Value s = g.append(new Node("ai.onnx", "Add", List.of(x, a), List.of("s"), List.of())).output(0);
    Value t = g.append(new Node("", "Add", List.of(s, b), List.of("t"), List.of())).output(0);
    Value u = g.append(new Node("com.ms", "Gelu", List.of(t, c), List.of("u"), List.of())).output(0);
    g.addOutput(u);
    Model model = new Model(g);
    model.setIrVersion(9);
    model.opsetImports().set("", 18);
    model.functions().add(new Function("local", "F", new Graph("body")));

    ModelSummary summary = ModelSummary.of(model);

    assertThat(summary.inputs()).extracting(ModelSummary.Signature::name).containsExactly("x");
    assertThat(summary.operators()).containsExactly(
        new ModelSummary.OpCount("", "Add", 2), new ModelSummary.OpCount("com.ms", "Gelu", 1));
    assertThat(summary.operators().get(1).qualifiedName()).isEqualTo("com.ms.Gelu");
    assertThat(summary.initializerCount()).isEqualTo(3);
    assertThat(summary.parameterCount()).isEqualTo(1000 + 2 + 3);
    assertThat(summary.weightBytes()).isEqualTo(4000 + 8 + 24);
    assertThat(summary.externalData()).containsExactly(
        new ModelSummary.ExternalFile("w.data", data, 4008, 2));
    assertThat(summary.functionCount()).isEqualTo(1);
    assertThat(summary.subgraphCount()).isZero();
    assertThat(summary.opsets()).containsEntry("", 18L);
  }

  private static ExternalTensor external(String name, Path file, String location, long offset, long length, long n) {
    return new ExternalTensor(name, DataType.FLOAT, new long[] {n}, file, location, offset, length, Unmodeled.NONE);
  }
}
