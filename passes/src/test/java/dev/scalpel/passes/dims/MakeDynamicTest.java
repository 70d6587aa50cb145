package dev.scalpel.passes.dims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.traverse.GraphVerifier;
import dev.scalpel.passes.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each rewrite where it is proven, and the near misses where it is not (those must stay as they
 * are and be reported). The numbers of the rewritten models are checked through ONNX Runtime in
 * the runtime module (ConstantRewritesRunTest, FixedBatchExportsTest).
 */
class MakeDynamicTest {
  private static final List<DimChange> BATCH = List.of(new DimChange("x", 0, Dim.of("batch")));

  private static List<Model> models() {
    return List.of(TestModels.bundled("fixed_batch_cnn.onnx"), TestModels.bundled("fixed_batch_transformer.onnx"),
        TestModels.bundled("fixed_batch_cls_token.onnx"), ModelsWithFixedBatch.sliceAll(1),
        ModelsWithFixedBatch.expandToBatch());
  }

  private static MakeDynamic.Result run(Model m) {
    return new MakeDynamic(BATCH).apply(m);
  }

  private static long[] constantInput(Node n, int index) {
    return ShapeConstants.vector(n.input(index), 14).orElseThrow();
  }

  private static Node only(Model m, String op) {
    return m.graph().nodes().stream().filter(n -> n.opType().equals(op)).findFirst().orElseThrow();
  }

  @Test
  void aSliceOverTheWholeBatchEndsAtTheLargestIndex() {
    for (long b : new long[] {1, 3}) {
      Model m = ModelsWithFixedBatch.sliceAll(b);
      MakeDynamic.Result r = run(m);
      assertThat(r.findings()).isEmpty();
      assertThat(constantInput(only(m, "Slice"), 2)).containsExactly(Long.MAX_VALUE, 2);
      assertThat(m.graph().outputs().get(0).shape()).contains(Shape.of(Dim.of("batch"), Dim.of(2)));
    }
  }

  @Test
  void aSliceThatPicksOneSampleIsNotTheBatch() {
    Model m = ModelsWithFixedBatch.slicePicksSample(); // x[1:2] of a batch of 2
    MakeDynamic.Result r = run(m);
    assertThat(r.rewrites()).isEmpty();
    assertThat(r.findings()).anySatisfy(f -> assertThat(f.toString()).contains("[unproven] Slice"));
  }

  @Test
  void anExpandToTheOldBatchBroadcastsInstead() {
    Model m = ModelsWithFixedBatch.expandToBatch(); // x[2,3] expanded to [2,3]
    MakeDynamic.Result r = run(m);
    assertThat(r.findings()).isEmpty();
    assertThat(constantInput(only(m, "Expand"), 1)).containsExactly(1, 3);
  }

  @Test
  void underAllowzeroTheBatchEntryBecomesMinusOne() {
    Model m = ModelsWithFixedBatch.reshape(Shape.of(1, 2, 3), new long[] {1, 6}, true);
    MakeDynamic.Result r = run(m);
    assertThat(r.findings()).isEmpty();
    assertThat(constantInput(only(m, "Reshape"), 1)).containsExactly(-1, 6);
  }

  @Test
  void aSequenceFirstReshapeKeepsTheLeadingDimsAndCopiesTheBatch() {
    // x [seq=3, batch, 4] → [3, 1, 2, 2]: the batch is axis 1 in both.
    Model m = ModelsWithFixedBatch.reshape(Shape.of(3, 1, 4), new long[] {3, 1, 2, 2}, false);
    MakeDynamic.Result r = new MakeDynamic(List.of(new DimChange("x", 1, Dim.of("batch")))).apply(m);
    assertThat(r.findings()).isEmpty();
    assertThat(constantInput(only(m, "Reshape"), 1)).containsExactly(3, 0, 2, 2);
  }

  @Test
  void aOneThatIsNotAtTheBatchAxisIsNotTakenForTheBatch() {
    // x [1,8] → [8,1]: the target's 1 sits at axis 1, the batch at axis 0; which is which is unknown.
    Model m = ModelsWithFixedBatch.reshape(Shape.of(1, 8), new long[] {8, 1}, false);
    MakeDynamic.Result r = run(m);
    assertThat(r.rewrites()).isEmpty();
    assertThat(constantInput(only(m, "Reshape"), 1)).containsExactly(8, 1);
    assertThat(r.findings()).anySatisfy(f -> assertThat(f.toString())
        .contains("[unproven] Reshape").contains("constant [8, 1] hard-codes sizes"));
    assertThat(r.findings()).anySatisfy(f -> assertThat(f.toString()).contains("graph output 'y'"));
  }

  @Test
  void aReshapeWhoseLeadingDimsDifferIsNotRewritten() {
    // x [2, batch, 6] → [4, 1, 3]: the 1 sits at the batch axis, but the rows before it change
    // (2 → 4), so the samples would not stay whole.
    Model m = ModelsWithFixedBatch.reshape(Shape.of(2, 1, 6), new long[] {4, 1, 3}, false);
    MakeDynamic.Result r = new MakeDynamic(List.of(new DimChange("x", 1, Dim.of("batch")))).apply(m);
    assertThat(r.rewrites()).isEmpty();
    assertThat(r.proven()).isFalse();
  }

  @Test
  void aConcatOperandComputedFromTheInputIsNotBroadcast() {
    // ReduceMean over the batch (keepdims) gives [1,1,4]: it mixes samples, and must not be copied.
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 2, 4));
    Value mean = b.op("ReduceMean", List.of(x), Attribute.ofInts("axes", 0), Attribute.of("keepdims", 1L));
    Value y = b.op("Concat", List.of(mean, x), Attribute.of("axis", 1L));
    b.output(y);
    Model m = b.model();

    MakeDynamic.Result r = run(m);

    assertThat(r.rewrites()).isEmpty();
    assertThat(r.findings()).anySatisfy(f -> assertThat(f.toString()).contains("[unproven] ReduceMean"));
  }

  @Test
  void aTargetBuiltFromConstantsIsEvaluatedAndItsDeadChainDropped() {
    // The unfolded TorchScript pattern: Constant 1 → Unsqueeze → Concat with [-1] → Reshape.
    GraphBuilder b = GraphBuilder.create(12);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 2, 3));
    Value one = b.op("Constant", List.of(), Attribute.of("value", DenseTensor.ofLongs("one", new long[0], 1)));
    Value unsqueezed = b.op("Unsqueeze", List.of(one), Attribute.ofInts("axes", 0));
    Value target = b.op("Concat", List.of(unsqueezed, b.constant(DenseTensor.vector("rest", -1))), Attribute.of("axis", 0L));
    b.output(b.op("Reshape", x, target));
    Model m = b.model();

    MakeDynamic.Result r = run(m);

    assertThat(r.findings()).isEmpty();
    assertThat(constantInput(only(m, "Reshape"), 1)).containsExactly(0, -1);
    assertThat(m.graph().nodes()).extracting(Node::opType).containsExactly("Reshape");
    assertThat(m.graph().outputs().get(0).shape()).contains(Shape.of(Dim.of("batch"), Dim.of(6)));
  }

  @Test
  void aValueIntsConstantTargetIsRewritten() {
    // x [1,2,3] → Reshape to Constant(value_ints=[1,6]): the leading 1 is the batch and becomes 0
    // (copy), as for an initializer target. The target reader used to see only the 'value' form.
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 2, 3));
    Value target = b.op("Constant", List.of(), Attribute.ofInts("value_ints", 1, 6));
    b.output(b.op("Reshape", x, target));
    Model m = b.model();

    MakeDynamic.Result r = run(m);

    assertThat(r.findings()).isEmpty();
    assertThat(constantInput(only(m, "Reshape"), 1)).containsExactly(0, 6);
    assertThat(m.graph().outputs().get(0).shape()).contains(Shape.of(Dim.of("batch"), Dim.of(6)));
  }

  private static Model softmax(long axis, long opset) {
    GraphBuilder b = GraphBuilder.create(opset);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 10));
    b.output(b.op("Softmax", List.of(x), Attribute.of("axis", axis)));
    return b.model();
  }

  @Test
  void aSoftmaxOverTheBatchMixesSamples() {
    assertThat(run(softmax(1, 13)).findings()).isEmpty();
    assertThat(run(softmax(-1, 13)).findings()).isEmpty();
    assertThat(run(softmax(0, 13)).findings()).singleElement()
        .satisfies(f -> assertThat(f.toString()).contains("[unproven] Softmax").contains("samples are mixed"));
    // Before opset 13 axis 0 flattens the whole batch into one row.
    assertThat(run(softmax(0, 11)).findings()).isNotEmpty();
    assertThat(run(softmax(1, 11)).findings()).isEmpty();
  }

  @Test
  void aLayerNormalizationFromTheBatchAxisOnMixesSamples() {
    for (long axis : new long[] {0, 2, -1}) {
      GraphBuilder b = GraphBuilder.create(17);
      Value x = b.input("x", DataType.FLOAT, Shape.of(1, 4, 6));
      Value scale = b.constant(DenseTensor.ofFloats("scale", new long[] {6}, 1, 1, 1, 1, 1, 1));
      b.output(b.op("LayerNormalization", List.of(x, scale), Attribute.of("axis", axis)));
      assertThat(run(b.model()).proven()).as("axis " + axis).isEqualTo(axis != 0);
    }
  }

  @Test
  void aReshapeComputedFromShapeThatMovesTheBatchIsNotTrusted() {
    // x [batch, 5] → Reshape to [dim 1, dim 0] from Shape: the output carries batch, but at axis 1,
    // with the samples interleaved. Keeping the batch at axis 0 is fine.
    for (boolean swap : new boolean[] {true, false}) {
      GraphBuilder b = GraphBuilder.create(13);
      Value x = b.input("x", DataType.FLOAT, Shape.of(1, 5));
      Value shape = b.op("Shape", x);
      Value order = b.constant(DenseTensor.vector("order", swap ? new long[] {1, 0} : new long[] {0, 1}));
      Value target = b.op("Gather", List.of(shape, order), Attribute.of("axis", 0L));
      b.output(b.op("Reshape", x, target));
      MakeDynamic.Result r = run(b.model());
      if (swap) {
        assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.toString())
            .contains("[unproven] Reshape").contains("[batch,5] -> [5,batch]: moves batch (axis 0) behind other dims"));
      } else {
        assertThat(r.findings()).isEmpty();
      }
    }
  }

  @Test
  void aGatherAlongTheBatchPicksSamples() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 5));
    Value idx = b.op("ArgMax", List.of(x), Attribute.of("axis", 1L), Attribute.of("keepdims", 0L));
    b.output(b.op("Gather", List.of(x, idx), Attribute.of("axis", 0L)));
    assertThat(run(b.model()).findings()).anySatisfy(f -> assertThat(f.toString()).contains("[unproven] Gather"));
  }

  @Test
  void aCumulativeSumAlongTheBatchMixesSamples() {
    for (long axis : new long[] {0, 1}) {
      GraphBuilder b = GraphBuilder.create(14);
      Value x = b.input("x", DataType.FLOAT, Shape.of(1, 10));
      b.output(b.op("CumSum", x, b.constant(DenseTensor.ofLongs("axis", new long[0], axis))));
      assertThat(run(b.model()).proven()).as("axis " + axis).isEqualTo(axis == 1);
    }
  }

  @Test
  void inputsSharingTheBatchGetOneSymbol() {
    GraphBuilder b = GraphBuilder.create(13);
    Value ids = b.input("ids", DataType.FLOAT, Shape.of(1, 5));
    Value mask = b.input("mask", DataType.FLOAT, Shape.of(1, 5));
    b.output(b.op("Mul", ids, mask));
    Model m = b.model();

    MakeDynamic.Result r = new MakeDynamic(List.of(new DimChange("ids", 0, Dim.of("batch")),
        new DimChange("mask", 0, Dim.of("batch")))).apply(m);

    assertThat(r.symbols()).containsExactly(new SymbolOrigin("batch", 1L));
    assertThat(r.findings()).isEmpty();
    assertThat(m.graph().outputs().get(0).shape()).contains(Shape.of(Dim.of("batch"), Dim.of(5)));
  }

  @Test
  void oneSymbolCannotReplaceTwoSizes() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 5));
    b.output(b.op("Relu", x));
    Model m = b.model();
    assertThatThrownBy(() -> new MakeDynamic(List.of(new DimChange("x", 0, Dim.of("n")),
        new DimChange("x", 1, Dim.of("n")))).apply(m))
        .isInstanceOf(DimSpecException.class).hasMessageContaining("n would replace both size 1 and size 5");
    assertThat(x.shape()).contains(Shape.of(1, 5));
  }

  @Test
  void sizesAndUnknownsAreNotSymbols() {
    assertThatThrownBy(() -> new MakeDynamic(List.of(new DimChange("x", 0, Dim.of(4)))))
        .isInstanceOf(DimSpecException.class).hasMessageContaining("use set-dims");
    assertThatThrownBy(() -> new MakeDynamic(List.of())).isInstanceOf(DimSpecException.class);
  }

  @Test
  void aSecondRunProvesNothingNewAndFindsNothing() {
    Model m = TestModels.bundled("fixed_batch_transformer.onnx");
    run(m);
    MakeDynamic.Result again = run(m);
    assertThat(again.rewrites()).isEmpty();
    assertThat(again.findings()).isEmpty();
    assertThat(again.symbols()).containsExactly(new SymbolOrigin("batch", null));
  }

  /**
   * An edit has no idempotence contract, but make-dynamic happens to be repeatable: on every model
   * a second application changes no byte, and the graph stays valid with its signature's names and
   * element types.
   */
  @Test
  void aSecondApplicationChangesNothingAndTheGraphStaysValid() {
    for (Model m : models()) {
      List<String> signature = signature(m);
      run(m);
      byte[] once = OnnxWriter.toBytes(m);
      assertThat(GraphVerifier.verify(m)).isEmpty();
      run(m);
      assertThat(OnnxWriter.toBytes(m)).isEqualTo(once);
      assertThat(signature(m)).isEqualTo(signature);
    }
  }

  private static List<String> signature(Model m) {
    return java.util.stream.Stream.concat(m.graph().inputs().stream(), m.graph().outputs().stream())
        .map(v -> v.name() + ":" + v.dataType().map(Object::toString).orElse("?")).toList();
  }
}
