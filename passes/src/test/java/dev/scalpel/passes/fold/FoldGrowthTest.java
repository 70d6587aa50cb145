package dev.scalpel.passes.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.PassManager;
import dev.scalpel.passes.PipelineResult;
import dev.scalpel.passes.common.InferShapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The growth rule of folding ({@link FoldGrowth}) against the doubling chains of issue 13. */
class FoldGrowthTest {
  private static final long LIMIT = 1L << 20;

  private static PipelineResult fold(Model m, FoldConstants.Options options) {
    return PassManager.builder().add(new InferShapes()).add(new FoldConstants(options)).build().run(m);
  }

  private static List<String> diagnostics(PipelineResult r) {
    return r.passes().stream().flatMap(p -> p.diagnostics().stream()).toList();
  }

  private static long largestInitializer(Model m) {
    return m.graph().initializers().stream().mapToLong(v -> v.initializer().orElseThrow().byteSize()).max().orElse(0);
  }

  @Test
  void concatOfAValueWithItselfStopsAtTheLimit() {
    // 24 doublings of one float: 64 MiB if every level folded (it did: Concat(x, x) counted x twice).
    Model m = RunawayModels.concatDoubling(24);
    PipelineResult r = fold(m, FoldConstants.Options.defaults());
    assertThat(largestInitializer(m)).isLessThanOrEqualTo(LIMIT);
    assertThat(m.graph().outputs().get(0).producer()).isNotNull();
    assertThat(m.graph().outputs().get(0).producer().opType()).isEqualTo("Concat");
    // 2^18 floats = 1 MiB is the last level within the limit; the next one is refused by name.
    assertThat(largestInitializer(m)).isEqualTo(LIMIT);
    assertThat(diagnostics(r)).anySatisfy(d -> assertThat(d).contains("Concat").contains("limit of " + LIMIT));
  }

  @Test
  void concatOfAValueAndItsNegationStopsAtTheLimit() {
    // Distinct inputs of every Concat (22 levels: 16 MiB unchecked). Neg(z) keeps z alive, so it
    // grows the model by |z| and stops at the first z over the limit; the Concat before it frees
    // both its inputs, so the largest result is 2 MiB: z = Concat(1 MiB, Neg(1 MiB)).
    Model m = RunawayModels.concatNegDoubling(22);
    PipelineResult r = fold(m, FoldConstants.Options.defaults());
    assertThat(largestInitializer(m)).isEqualTo(2 * LIMIT);
    assertThat(m.graph().outputs().get(0).producer()).isNotNull();
    assertThat(diagnostics(r)).anySatisfy(d -> assertThat(d).contains("Neg").contains("limit of " + LIMIT));
  }

  @Test
  void aTransposeOfAWeightOnlyItReadsFoldsAtAnySize() {
    GraphBuilder b = GraphBuilder.create(13);
    float[] data = new float[1 << 19]; // 2 MiB, over the limit
    Value w = b.initializer("w", DenseTensor.ofFloats("w", new long[] {1 << 10, 1 << 9}, data));
    Value y = b.op("Transpose", List.of(w), Attribute.ofInts("perm", 1, 0));
    y.setName("y");
    b.output(y);
    Model m = b.model();
    fold(m, FoldConstants.Options.defaults());
    assertThat(m.graph().nodes()).isEmpty();
    assertThat(m.graph().initializer("y").orElseThrow().initializer().orElseThrow().dims()).containsExactly(1 << 9, 1 << 10);
  }

  @Test
  void aTransposeOfAWeightSomethingElseReadsIsAGrowth() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", dev.scalpel.graph.DataType.FLOAT, dev.scalpel.graph.Shape.of(1 << 10, 1 << 9));
    float[] data = new float[1 << 19];
    Value w = b.initializer("w", DenseTensor.ofFloats("w", new long[] {1 << 10, 1 << 9}, data));
    Value t = b.op("Transpose", List.of(w), Attribute.ofInts("perm", 1, 0));
    Value y = b.op("MatMul", b.op("Add", x, w), t);
    y.setName("y");
    b.output(y);
    Model m = b.model();
    PipelineResult r = fold(m, FoldConstants.Options.defaults());
    assertThat(m.graph().nodes()).extracting(Node::opType).contains("Transpose");
    assertThat(diagnostics(r)).anySatisfy(d -> assertThat(d).contains("Transpose").contains("limit"));
  }

  @Test
  void aRegionWhoseOutputIsPredictedOverTheLimitIsNeverEvaluated() {
    List<List<Node>> asked = new ArrayList<>();
    ConstantEvaluator recording = (model, region, constants, wanted) -> {
      asked.add(region);
      throw new IllegalStateException("the forecast should have refused this region");
    };
    for (Model m : List.of(RunawayModels.hugePad(1L << 30), RunawayModels.hugeResize(32768f),
        RunawayModels.outerProduct(1L << 15))) {
      PipelineResult r = fold(m, FoldConstants.Options.defaults().withFallback(recording));
      assertThat(diagnostics(r)).anySatisfy(d -> assertThat(d).contains("over the limit of " + LIMIT + " bytes"));
    }
    assertThat(asked).isEmpty();
  }

  @Test
  void aRegionWhoseOutputSizeIsUnknownIsNeverEvaluated() {
    // An operator shape inference has no rule for (one of a later opset, say): no size before evaluation.
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {4}, 1f, 2f, 3f, 4f));
    Value y = b.op("FutureOp", x);
    y.setName("y");
    b.output(y);
    Model m = b.model();
    List<Set<Value>> asked = new ArrayList<>();
    ConstantEvaluator recording = (model, region, constants, wanted) -> {
      asked.add(wanted);
      return Map.<Value, Tensor>of();
    };
    PipelineResult r = fold(m, FoldConstants.Options.defaults().withFallback(recording));
    assertThat(asked).isEmpty();
    assertThat(diagnostics(r)).anySatisfy(d -> assertThat(d).contains("FutureOp").contains("not known before evaluation"));
  }

  @Test
  void aRegionWithinTheLimitIsEvaluated() {
    List<Set<Value>> asked = new ArrayList<>();
    ConstantEvaluator recording = (model, region, constants, wanted) -> {
      asked.add(wanted);
      return Map.<Value, Tensor>of();
    };
    fold(RunawayModels.hugePad(1000), FoldConstants.Options.defaults().withFallback(recording));
    assertThat(asked).hasSize(1);
  }
}
