package dev.scalpel.runtime.infer;

import dev.scalpel.runtime.CorpusModels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.traverse.TopologicalOrder;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.ReferenceRuns;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 3's second corpus measure: every shape inference infers for a node output of a reference
 * model's main graph agrees with the tensor ONNX Runtime produces. Each model is inferred, every
 * typed intermediate becomes an extra graph output of a deep copy, and the copy runs at the two
 * dim assignments {@link ReferenceRuns} picks (the equivalence checker's planning); symbolic dims
 * are evaluated with the sizes the run fed its inputs. Runs in the corpus profile.
 */
@Tag("corpus")
class InferredShapesMatchOnnxRuntimeTest {

  @TestFactory
  Stream<DynamicTest> inferredShapesAgreeWithOnnxRuntime() throws IOException {
    List<Path> models = CorpusModels.all();
    return models.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
  }

  /** A node output checked: its name, producer and inferred type. */
  private record Checked(String name, String node, ValueType.TensorType type) {}

  private static void check(Path file) throws IOException {
    Model model = OnnxReader.read(file);
    ShapeInference.run(model);
    Model exposed = model.deepCopy();
    List<Checked> checked = new ArrayList<>();
    int untyped = 0;
    int notTensors = 0;
    for (Node n : TopologicalOrder.of(exposed.graph())) {
      for (Value v : n.outputs()) {
        if (v.name().isEmpty()) {
          continue;
        }
        if (v.type() == null) {
          untyped++;
          continue;
        }
        if (!(v.type() instanceof ValueType.TensorType t)) {
          // NOTE: ONNX Runtime's Java API returns only tensors; sequences and optionals stay inside.
          notTensors++;
          continue;
        }
        checked.add(new Checked(v.name(), n.describe(), t));
        if (!v.isGraphOutput()) {
          exposed.graph().addOutput(v);
        }
      }
    }
    ReferenceRuns runs = ReferenceRuns.of(ModelSource.of(exposed), CheckOptions.defaults());
    ShapeAgreement agreement = new ShapeAgreement();
    for (int r = 0; r < runs.runs(); r++) {
      Map<String, Long> symbols = RunSymbols.of(model.graph().inputs(), runs.inputs().get(r));
      Map<String, dev.scalpel.graph.Tensor> outputs = runs.results().get(r).outputs();
      for (Checked c : checked) {
        agreement.compare(c.name(), c.node(), c.type(), outputs.get(c.name()), r, symbols);
      }
    }
    System.out.printf(Locale.ROOT, "[infer-vs-ort] %-40s %d values x %d runs %s: %s (%d untyped, %d non-tensor values skipped)%n",
        file.getFileName(), checked.size(), runs.runs(), runs.assignments(), agreement.summary(), untyped, notTensors);
    if (!agreement.unboundSymbols().isEmpty()) {
      System.out.println("[infer-vs-ort]   unbound symbols: " + agreement.unboundSymbols());
    }
    agreement.mismatches().stream().limit(50).forEach(m -> System.out.println("[infer-vs-ort]   " + m));
    assertThat(agreement.mismatches()).as(file.getFileName() + ": " + agreement.summary()).isEmpty();
  }
}
