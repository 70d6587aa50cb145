package dev.scalpel.runtime.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.runtime.OrtEvaluator;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Folding through ONNX Runtime 1.26 in models stamped with opsets it does not load (27, 28): a
 * region of operators whose schemas are older runs restamped at 26; one with a newer operator is
 * refused with "ONNX Runtime does not support opset N".
 */
class OrtOpsetSupportTest {
  private static PassContext fold(Model m) {
    PassContext context = new PassContext();
    new FoldConstants(FoldConstants.Options.defaults().withFallback(new OrtEvaluator())).run(m, context);
    return context;
  }

  @Test
  void olderOperatorsInAnOpset28ModelFold() {
    GraphBuilder b = GraphBuilder.create(28);
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {3}, -1f, 0f, 2f));
    Value elu = b.op("Elu", List.of(x), Attribute.of("alpha", 1f));
    Value y = b.op("Mul", elu, b.initializer("two", DenseTensor.ofFloats("two", new long[0], 2f)));
    y.setName("y");
    b.output(y);
    Model m = b.model();
    PassContext context = fold(m);
    assertThat(m.graph().nodes()).as(context.diagnostics().toString()).isEmpty();
    assertThat(m.opsetImports().defaultVersion().getAsLong()).isEqualTo(28);
    // Elu: x for x > 0, alpha * (e^x - 1) otherwise; times 2.
    float[] folded = m.graph().outputs().get(0).constantValue().orElseThrow().toFloatArray();
    assertThat(folded).containsExactly(new float[] {(float) (2 * (Math.exp(-1) - 1)), 0f, 4f}, Offset.offset(1e-6f));
  }

  @Test
  void anOperatorNewerThanOpset26IsRefusedNamingTheOpset() {
    GraphBuilder b = GraphBuilder.create(28);
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {3}, -1f, 0f, 2f));
    Value y = b.op("Celu", List.of(x), Attribute.of("alpha", 1f));
    y.setName("y");
    b.output(y);
    Model m = b.model();
    PassContext context = fold(m);
    assertThat(m.graph().nodes()).extracting(Node::opType).containsExactly("Celu");
    assertThat(context.diagnostics()).anyMatch(d -> d.contains("ONNX Runtime does not support opset 28 (Celu-28 is newer"
        + " than the opset 26 of ONNX Runtime 1.26)"));
  }
}
