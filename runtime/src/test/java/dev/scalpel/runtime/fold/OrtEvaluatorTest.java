package dev.scalpel.runtime.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.OrtEvaluator;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrtEvaluatorTest {
  /** y = x + Exp(Sin(c)) * 2, and k = Cos(c) as a graph output; Sin, Exp, Cos have no Java kernel. */
  private static Model model() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(3));
    Value c = b.initializer("c", DenseTensor.ofFloats("c", new long[] {3}, 0f, 1f, 2f));
    Value e = b.op("Exp", b.op("Sin", c));
    Value scaled = b.op("Mul", e, b.constant(DenseTensor.ofFloats("two", new long[0], 2f)));
    Value y = b.op("Add", x, scaled);
    y.setName("y");
    Value k = b.op("Cos", c);
    k.setName("k");
    b.output(y, k);
    return b.model();
  }

  private static List<String> ops(Model m) {
    return m.graph().nodes().stream().map(Node::opType).toList();
  }

  @Test
  void foldsNodesWithoutJavaKernelsThroughOrtAndKeepsOutputs() {
    Model original = model();
    Model folded = original.deepCopy();
    PassManager.builder().add(new InferShapes())
        .add(new FoldConstants(FoldConstants.Options.defaults().withFallback(new OrtEvaluator())))
        .verifyAfterEachPass(true).build().run(folded);
    assertThat(ops(folded)).containsExactly("Add");
    assertThat(folded.graph().outputs()).extracting(Value::name).containsExactly("y", "k");
    EquivalenceReport report = EquivalenceChecker.check(original, folded, CheckOptions.defaults());
    assertThat(report.passed()).as(report.toString()).isTrue();
  }

  @Test
  void withoutFallbackOnlyJavaKernelsFold() {
    Model m = model();
    PassManager.builder().add(new InferShapes()).add(new FoldConstants()).build().run(m);
    assertThat(ops(m)).containsExactly("Sin", "Exp", "Mul", "Add", "Cos");
  }

  @Test
  void onnxMlNodesFoldThroughOrtWithoutADefaultDomainImport() {
    GraphBuilder b = GraphBuilder.create(21);
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {3}, 0.5f, 1f, 2f));
    Value y = b.domain("ai.onnx.ml", 1).op("Binarizer", List.of(x), dev.scalpel.graph.Attribute.of("threshold", 1f));
    y.setName("y");
    b.output(y);
    Model m = b.model();
    m.opsetImports().remove("");
    dev.scalpel.passes.PassContext context = new dev.scalpel.passes.PassContext();
    new FoldConstants(FoldConstants.Options.defaults().withFallback(new OrtEvaluator())).run(m, context);
    assertThat(ops(m)).as(context.diagnostics().toString()).isEmpty();
    // Binarizer: 1 where x > threshold, else 0.
    assertThat(m.graph().outputs().get(0).constantValue().orElseThrow().toFloatArray()).containsExactly(0f, 0f, 1f);
  }

  @Test
  void aResultThatDisagreesWithAJavaKernelIsNotFolded() {
    // A Mul "kernel" that returns its first input: ONNX Runtime's product of Exp(Sin(c)) and 2
    // disagrees with it, so the region (Sin, Exp, Mul; Cos) is not folded.
    dev.scalpel.opset.eval.Kernels wrongMul = dev.scalpel.opset.eval.Kernels.builder()
        .add("Mul", 7, ctx -> List.of(ctx.input(0))).build();
    Model m = model();
    dev.scalpel.passes.PassContext context = new dev.scalpel.passes.PassContext();
    new FoldConstants(FoldConstants.Options.defaults().withFallback(new OrtEvaluator(wrongMul))).run(m, context);
    assertThat(ops(m)).contains("Sin", "Exp", "Mul");
    assertThat(context.diagnostics()).anyMatch(d -> d.contains("differs from Scalpel's Java kernel"));
  }
}
