package dev.scalpel.passes.quant;

import dev.scalpel.opset.quant.QdqNodes;
import dev.scalpel.opset.quant.QdqParameters;
import dev.scalpel.opset.quant.QuantizationSummary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.PassRegistry;
import dev.scalpel.passes.PipelineResult;
import dev.scalpel.passes.common.InferShapes;
import dev.scalpel.passes.cse.EliminateCommonSubexpressions;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.passes.rewrite.Explanation;
import dev.scalpel.passes.rewrite.RuleSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every pass of simplify's pipeline leaves a QDQ model's quantization as written: folding keeps
 * DequantizeLinear and Q→DQ pairs (and what reads them), CSE merges no Q/DQ, BatchNormalization
 * fusion skips quantized weights with a reason and fuses float ones.
 */
class QdqPreservationTest {
  private static final String SIMPLIFY = "infer-shapes,fold-constants,constants-to-initializers,rewrite-shapes,"
      + "eliminate-common-subexpressions,rewrite,remove-unused";

  private static PipelineResult simplifyPasses(Model m) {
    return PassManager.builder().addAll(PassRegistry.standard().parsePipeline(SIMPLIFY))
        .repeatUntilFixedPoint(8).verifyAfterEachPass(true).build().run(m);
  }

  private static long count(Model m, String op) {
    return m.graph().allNodes().stream().filter(n -> n.opType().equals(op)).count();
  }

  private static List<String> diagnostics(PipelineResult r, String passId) {
    return r.passes().stream().filter(p -> p.passId().equals(passId)).flatMap(p -> p.diagnostics().stream()).toList();
  }

  @Test
  void foldingKeepsWeightActivationAndBiasDequantization() {
    for (boolean perChannel : new boolean[] {true, false}) {
      Model m = QdqModels.quantizedConv(perChannel);
      PipelineResult r = PassManager.builder().add(new InferShapes()).add(new FoldConstants()).build().run(m);
      assertThat(count(m, "QuantizeLinear")).isEqualTo(1);
      assertThat(count(m, "DequantizeLinear")).isEqualTo(3);
      Node conv = m.graph().nodes().stream().filter(n -> n.opType().equals("Conv")).findFirst().orElseThrow();
      assertThat(conv.input(1).producer().opType()).isEqualTo("DequantizeLinear");
      assertThat(conv.input(1).producer().input(0).constantValue().orElseThrow().dataType()).isEqualTo(DataType.INT8);
      assertThat(conv.input(2).producer().input(0).constantValue().orElseThrow().dataType()).isEqualTo(DataType.INT32);
      // weight DQ and bias DQ have only constant inputs; the activation's DQ reads a run-time Q
      assertThat(diagnostics(r, "fold-constants")).anyMatch(d -> d.startsWith("kept 2 quantization node(s)"));
    }
  }

  @Test
  void foldingKeepsAFakeQuantPairAndTheTransposeAfterIt() {
    Model m = QdqModels.fakeQuantWeightThroughTranspose();
    PassManager.builder().add(new InferShapes()).add(new FoldConstants()).build().run(m);
    assertThat(m.graph().nodes().stream().map(Node::opType).toList())
        .containsExactly("QuantizeLinear", "DequantizeLinear", "Transpose", "MatMul");
    assertThat(m.graph().nodes().get(0).input(0).constantValue().orElseThrow().dataType()).isEqualTo(DataType.FLOAT);
  }

  @Test
  void theSimplifyPipelineKeepsEveryQAndDqAndTheirOrder() {
    Model m = QdqModels.duplicatedWeightDq();
    simplifyPasses(m);
    // Identity between DQ and Q goes (DQ → Q still requantizes to the same scale); no Q or DQ does
    assertThat(count(m, "Identity")).isZero();
    assertThat(count(m, "QuantizeLinear")).isEqualTo(2);
    assertThat(count(m, "DequantizeLinear")).isEqualTo(4);
    for (Node mm : m.graph().nodes().stream().filter(n -> n.opType().equals("MatMul")).toList()) {
      assertThat(mm.input(0).producer().opType()).isEqualTo("DequantizeLinear");
      assertThat(mm.input(1).producer().opType()).isEqualTo("DequantizeLinear");
      assertThat(mm.input(1).consumers()).hasSize(1);
    }
  }

  @Test
  void aConstantNodeOfInt8WeightsBecomesAnInitializerThatTheDqStillReads() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 4));
    Value w = b.node("Constant", List.of(), 1,
        Attribute.of("value", QdqModels.int8("w", new long[] {4, 3}, QdqModels.pattern(12, 5)))).output(0);
    Value dq = b.op("DequantizeLinear", w,
        b.constant(DenseTensor.ofFloats("s", new long[0], 0.01f)));
    Value y = b.op("MatMul", x, dq);
    y.setName("y");
    b.output(y);
    Model m = b.model();
    simplifyPasses(m);
    assertThat(m.graph().nodes().stream().map(Node::opType).toList()).containsExactly("DequantizeLinear", "MatMul");
    assertThat(m.graph().nodes().get(0).input(0).constantValue().orElseThrow().dataType()).isEqualTo(DataType.INT8);
  }

  @Test
  void cseLeavesIdenticalDequantizeNodesApart() {
    Model m = QdqModels.duplicatedWeightDq();
    new EliminateCommonSubexpressions().run(m, new PassContext());
    assertThat(count(m, "DequantizeLinear")).isEqualTo(4);
    assertThat(count(m, "QuantizeLinear")).isEqualTo(2);
  }

  @Test
  void batchNormIsNotFusedIntoQuantizedWeightsAndSaysWhy() {
    Model m = QdqModels.convBnAfterQuantizedConv();
    PassManager.builder().add(new InferShapes()).add(new FoldConstants()).build().run(m);
    List<Explanation> why = RuleSet.standard().explain("fuse-batchnorm-into-conv", m);
    assertThat(why).hasSize(2);
    assertThat(why).filteredOn(e -> !e.fires()).singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("is dequantized by DequantizeLinear")
            .contains("quantized weights stay quantized"));
    assertThat(why).filteredOn(Explanation::fires).hasSize(1);

    simplifyPasses(m);
    assertThat(count(m, "BatchNormalization")).isEqualTo(1);
    Node bn = m.graph().nodes().stream().filter(n -> n.opType().equals("BatchNormalization")).findFirst().orElseThrow();
    assertThat(bn.input(0).producer().input(1).producer().opType()).isEqualTo("DequantizeLinear");
    assertThat(count(m, "DequantizeLinear")).isEqualTo(3);
  }
}
