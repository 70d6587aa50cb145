package dev.scalpel.runtime.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.convert.ConversionException;
import dev.scalpel.passes.convert.opset.OpsetConverter;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.EquivalenceChecker;
import dev.scalpel.runtime.EquivalenceReport;
import dev.scalpel.runtime.ModelSource;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link OpsetConverter} on the operators whose forms change between opsets, each result checked
 * against the original in ONNX Runtime (which runs both opsets).
 */
class OpsetConversionTest {

  private static CheckedEdit.Outcome<OpsetConverter.Result> convert(Model m, long target) throws IOException {
    return CheckedConversion.opset(ModelSource.of(m), target, CheckOptions.defaults()).run();
  }

  private static void assertEquivalentAt(Model m, long target) throws IOException {
    var o = convert(m, target);
    assertThat(o.passed()).as(o.check().map(EquivalenceReport::toString).orElse("")).isTrue();
    assertThat(o.model().opsetImports().defaultVersion()).hasValue(target);
  }

  private static Value named(Value v, String name) {
    v.setName(name);
    return v;
  }

  private static long count(Model m, String op) {
    return m.graph().allNodes().stream().filter(n -> n.opType().equals(op)).count();
  }

  /** y = Softmax(x, axis=1) with x [2, 3, 4] at {@code opset}: before 13 over axes 1 and 2 together. */
  static Model softmaxAxis1(long opset) {
    GraphBuilder b = GraphBuilder.create(opset);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 3, 4));
    b.output(named(b.op("Softmax", List.of(x), Attribute.of("axis", 1L)), "y"));
    return b.model();
  }

  @Test
  void softmaxOverAMiddleAxisKeepsItsMeaningAcross13BothWays() throws IOException {
    var up = convert(softmaxAxis1(12), 13);
    var down = convert(softmaxAxis1(13), 12);

    assertThat(up.passed()).as(up.check().toString()).isTrue();
    assertThat(count(up.model(), "Flatten")).isEqualTo(1);
    assertThat(down.passed()).as(down.check().toString()).isTrue();
    assertThat(count(down.model(), "Transpose")).isEqualTo(2);
  }

  @Test
  void onlyBumpingTheImportChangesSoftmaxsMeaningAndTheCheckSeesIt() {
    Model original = softmaxAxis1(12);
    Model bumped = original.deepCopy();
    bumped.opsetImports().set("", 13);

    EquivalenceReport r = EquivalenceChecker.check(original, bumped, CheckOptions.defaults());

    assertThat(r.passed()).isFalse();
  }

  /** Unsqueeze, ReduceMean, ReduceSum, Split and Squeeze with their axes as attributes (opset 12). */
  static Model axesAsAttributes() {
    GraphBuilder b = GraphBuilder.create(12);
    Value x = b.input("x", DataType.FLOAT, Shape.of(3, 4, 5));
    Value u = b.op("Unsqueeze", List.of(x), Attribute.ofInts("axes", 0));
    Value m = b.op("ReduceMean", List.of(u), Attribute.ofInts("axes", 3), Attribute.of("keepdims", 1L));
    Value s = b.op("ReduceSum", List.of(m), Attribute.ofInts("axes", 2), Attribute.of("keepdims", 1L));
    List<Value> parts = b.ops("Split", 2, List.of(s), Attribute.of("axis", 1L), Attribute.ofInts("split", 1, 2));
    b.output(named(b.op("Squeeze", List.of(parts.get(0)), Attribute.ofInts("axes", 0, 2)), "a"), named(parts.get(1), "b"));
    return b.model();
  }

  @Test
  void axesAttributesBecomeInputsUpAndAttributesAgainDown() throws IOException {
    var up = convert(axesAsAttributes(), 18);
    assertThat(up.passed()).as(up.check().toString()).isTrue();
    for (Node n : up.model().graph()) {
      assertThat(n.attribute("axes")).as(n.describe()).isEmpty();
      assertThat(n.attribute("split")).as(n.describe()).isEmpty();
    }
    assertThat(up.result().changes()).hasSize(5);

    var down = CheckedEdit.of(ModelSource.of(up.model()), m -> new OpsetConverter(12).apply(m))
        .comparedWith(m -> ModelSource.of(axesAsAttributes())).run();
    assertThat(down.passed()).as(down.check().toString()).isTrue();
    assertThat(down.model().graph().nodes().stream().filter(n -> n.opType().equals("ReduceMean")).findFirst().orElseThrow()
        .attribute("axes")).isPresent();
  }

  @Test
  void anUnevenSplitByNumOutputsBecomesExplicitSizesBelow18() throws IOException {
    GraphBuilder b = GraphBuilder.create(18);
    Value x = b.input("x", DataType.FLOAT, Shape.of(7, 2));
    List<Value> parts = b.ops("Split", 3, List.of(x), Attribute.of("num_outputs", 3L));
    b.output(named(parts.get(0), "p0"), named(parts.get(1), "p1"), named(parts.get(2), "p2"));

    var down = convert(b.model(), 13);

    assertThat(down.passed()).as(down.check().toString()).isTrue();
    Node split = down.model().graph().nodes().get(0);
    assertThat(split.attribute("num_outputs")).isEmpty();
    assertThat(split.inputs()).hasSize(2);
  }

  @Test
  void aComputedAxesInputCannotGoBelowItsOpsetAndTheRefusalNamesTheNode() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 4));
    Value axes = b.input("axes", DataType.INT64, Shape.of(1));
    b.output(named(b.op("Squeeze", x, axes), "y"));
    Model m = b.model();

    assertThatThrownBy(() -> new OpsetConverter(12).apply(m)).isInstanceOf(ConversionException.class)
        .hasMessageContaining("Squeeze").hasMessageContaining("opset 13").hasMessageContaining("computed at run time");
    assertThat(m.opsetImports().defaultVersion()).hasValue(13);
  }

  /** y = Resize(x, sizes) at opset 13 with roi and scales omitted. */
  @Test
  void resizeBySizesGetsItsRequiredEmptyInputsBelow13AndCrossesUpTo19() throws IOException {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 1, 3, 3));
    Value sizes = b.constant(DenseTensor.vector("sizes", 1, 1, 6, 5));
    b.output(named(b.op("Resize", java.util.Arrays.asList(x, null, null, sizes), Attribute.of("mode", "linear")), "y"));
    Model m = b.model();

    assertEquivalentAt(m, 11);
    assertEquivalentAt(m, 19);
  }

  @Test
  void opset10OperatorsUpgradeWithTheSameResults() throws IOException {
    GraphBuilder b = GraphBuilder.create(10);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 2, 3, 3));
    Value scales = b.constant(DenseTensor.ofFloats("scales", new long[] {4}, 1, 1, 2, 2));
    Value nearest = b.op("Resize", List.of(x, scales), Attribute.of("mode", "nearest"));
    Value linear = b.op("Resize", List.of(x, scales), Attribute.of("mode", "linear"));
    Value padded = b.op("Pad", List.of(x), Attribute.ofInts("pads", 0, 0, 1, 1, 0, 0, 1, 1), Attribute.of("value", 1.5f));
    Value clipped = b.op("Clip", List.of(x), Attribute.of("min", 0.2f), Attribute.of("max", 0.7f));
    Value dropped = b.op("Dropout", List.of(x), Attribute.of("ratio", 0.3f));
    b.output(named(nearest, "nearest"), named(linear, "linear"), named(padded, "padded"), named(clipped, "clipped"),
        named(dropped, "dropped"));

    var up = convert(b.model(), 13);

    assertThat(up.passed()).as(up.check().toString()).isTrue();
    assertThat(up.result().changes()).hasSize(5);
  }

  @Test
  void upsampleOfOpset9BecomesResize() throws IOException {
    GraphBuilder b = GraphBuilder.create(9);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 1, 2, 3));
    Value scales = b.constant(DenseTensor.ofFloats("scales", new long[] {4}, 1, 1, 2, 3));
    b.output(named(b.op("Upsample", List.of(x, scales), Attribute.of("mode", "nearest")), "y"));

    var up = convert(b.model(), 17);

    assertThat(up.passed()).as(up.check().toString()).isTrue();
    assertThat(count(up.model(), "Upsample")).isZero();
    assertThat(count(up.model(), "Resize")).isEqualTo(1);
    assertThat(up.model().graph().outputs().get(0).name()).isEqualTo("y");
  }

  static Model layerNorm(Shape shape) {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, shape);
    Value scale = b.constant(DenseTensor.ofFloats("scale", new long[] {4}, 1f, 2f, 0.5f, -1f));
    Value bias = b.constant(DenseTensor.ofFloats("bias", new long[] {4}, 0f, 0.1f, 0.2f, 0.3f));
    b.output(named(b.op("LayerNormalization", List.of(x, scale, bias), Attribute.of("epsilon", 1e-3f)), "y"));
    return b.model();
  }

  @Test
  void layerNormalizationIsExpandedBelow17() throws IOException {
    var down = convert(layerNorm(Shape.of(2, 3, 4)), 13);

    assertThat(down.passed()).as(down.check().toString()).isTrue();
    assertThat(count(down.model(), "LayerNormalization")).isZero();
    assertThat(count(down.model(), "ReduceMean")).isEqualTo(2);
  }

  @Test
  void layerNormalizationOfUnknownRankIsRefused() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", new dev.scalpel.graph.ValueType.TensorType(DataType.FLOAT, null));
    Value scale = b.constant(DenseTensor.ofFloats("scale", new long[] {4}, 1f, 1f, 1f, 1f));
    b.output(named(b.op("LayerNormalization", x, scale), "y"));
    Model m = b.model();

    assertThatThrownBy(() -> new OpsetConverter(16).apply(m)).isInstanceOf(ConversionException.class)
        .hasMessageContaining("LayerNormalization").hasMessageContaining("rank");
  }

  @Test
  void geluIsExpandedBelow20() throws IOException {
    for (String approximate : List.of("none", "tanh")) {
      GraphBuilder b = GraphBuilder.create(20);
      Value x = b.input("x", DataType.FLOAT, Shape.of(2, 5));
      b.output(named(b.op("Gelu", List.of(x), Attribute.of("approximate", approximate)), "y"));
      var down = convert(b.model(), 18);
      assertThat(down.passed()).as(approximate + " " + down.check()).isTrue();
      assertThat(count(down.model(), "Gelu")).isZero();
    }
  }

  static Model groupNorm(float[] scale) {
    GraphBuilder b = GraphBuilder.create(21);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 4, 3, 3));
    Value s = b.constant(DenseTensor.ofFloats("scale", new long[] {4}, scale));
    Value bias = b.constant(DenseTensor.ofFloats("bias", new long[] {4}, 0.5f, 0.5f, -1f, -1f));
    b.output(named(b.op("GroupNormalization", List.of(x, s, bias), Attribute.of("num_groups", 2L)), "y"));
    return b.model();
  }

  @Test
  void groupNormalizationGoesBackTo18OnlyWhenItsScaleIsPerGroup() throws IOException {
    assertEquivalentAt(groupNorm(new float[] {2f, 2f, 0.5f, 0.5f}), 18);

    Model perChannel = groupNorm(new float[] {1f, 2f, 3f, 4f});
    assertThatThrownBy(() -> new OpsetConverter(18).apply(perChannel)).isInstanceOf(ConversionException.class)
        .hasMessageContaining("differs within a group");
    Model g = groupNorm(new float[] {2f, 2f, 0.5f, 0.5f});
    assertThatThrownBy(() -> new OpsetConverter(17).apply(g)).isInstanceOf(ConversionException.class)
        .hasMessageContaining("GroupNormalization does not exist before opset 18");
  }

  @Test
  void newModesAndReductionsAreRefusedBelowTheirOpsets() {
    GraphBuilder b = GraphBuilder.create(19);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 1, 2, 2));
    Value scales = b.constant(DenseTensor.ofFloats("scales", new long[] {4}, 1, 1, 2, 2));
    b.output(named(b.op("Resize", java.util.Arrays.asList(x, null, scales), Attribute.of("mode", "linear"),
        Attribute.of("coordinate_transformation_mode", "half_pixel_symmetric")), "y"));
    Model resize = b.model();
    assertThatThrownBy(() -> new OpsetConverter(18).apply(resize)).isInstanceOf(ConversionException.class)
        .hasMessageContaining("Resize").hasMessageContaining("half_pixel_symmetric");

    GraphBuilder s = GraphBuilder.create(18);
    Value data = s.input("data", DataType.FLOAT, Shape.of(4));
    Value idx = s.constant(DenseTensor.vector("idx", 1, 1));
    Value upd = s.constant(DenseTensor.ofFloats("upd", new long[] {2}, 5f, 3f));
    s.output(named(s.op("ScatterElements", List.of(data, idx, upd), Attribute.of("reduction", "max")), "y"));
    Model scatter = s.model();
    assertThatThrownBy(() -> new OpsetConverter(17).apply(scatter)).isInstanceOf(ConversionException.class)
        .hasMessageContaining("reduction max");
  }

  @Test
  void aTypeTheTargetOpsetLacksIsRefused() {
    GraphBuilder b = GraphBuilder.create(14);
    Value x = b.input("x", DataType.BFLOAT16, Shape.of(2));
    b.output(named(b.op("Add", x, x), "y"));
    Model m = b.model();

    assertThatThrownBy(() -> new OpsetConverter(12).apply(m)).isInstanceOf(ConversionException.class)
        .hasMessageContaining("Add").hasMessageContaining("bfloat16");
  }

  @Test
  void targetsOutsideTheSupportedRangeAreRefused() {
    assertThatThrownBy(() -> new OpsetConverter(10).apply(softmaxAxis1(12))).isInstanceOf(ConversionException.class)
        .hasMessageContaining("opset 10");
  }

  @Test
  void nodesInsideIfBranchesAreConvertedToo() throws IOException {
    GraphBuilder b = GraphBuilder.create(12);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 3));
    Value flag = b.input("flag", DataType.BOOL, Shape.of(new long[0]));
    GraphBuilder then = b.subgraph("then");
    then.output(then.op("Squeeze", List.of(x), Attribute.ofInts("axes", 0)));
    GraphBuilder otherwise = b.subgraph("else");
    otherwise.output(otherwise.op("ReduceSum", List.of(x), Attribute.ofInts("axes", 0), Attribute.of("keepdims", 0L)));
    Node ifNode = b.node("If", List.of(flag), 1, Attribute.of("then_branch", then.graph()),
        Attribute.of("else_branch", otherwise.graph()));
    b.output(named(ifNode.output(0), "y"));

    var up = convert(b.model(), 13);

    assertThat(up.passed()).as(up.check().toString()).isTrue();
    assertThat(up.result().changes()).hasSize(2);
  }

  @Test
  void modelLocalFunctionBodiesAreConvertedWithConstantNodes() throws IOException {
    GraphBuilder body = new GraphBuilder(new dev.scalpel.graph.Graph("Flat"));
    Value a = body.input("a", DataType.FLOAT, Shape.of(1, 3));
    body.output(body.op("Squeeze", List.of(a), Attribute.ofInts("axes", 0)));
    dev.scalpel.graph.Function f = new dev.scalpel.graph.Function("local", "Flat", body.graph());
    f.opsetImports().set("", 12);
    GraphBuilder b = GraphBuilder.create(12);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 3));
    b.output(named(b.domain("local", 1).op("Flat", x), "y"));
    Model m = b.model();
    m.functions().add(f);

    var up = convert(m, 13);

    assertThat(up.passed()).as(up.check().toString()).isTrue();
    dev.scalpel.graph.Function converted = up.model().functions().get(0);
    assertThat(converted.opsetImports().defaultVersion()).hasValue(13);
    assertThat(converted.body().nodes()).extracting(Node::opType).containsExactly("Constant", "Squeeze");
  }

  @Test
  void hardSwishComparisonsAndShapeSlicesAreWrittenOutBelowTheirOpsets() throws IOException {
    GraphBuilder b = GraphBuilder.create(15);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 6));
    Value i = b.input("i", DataType.INT64, Shape.of(2, 6));
    Value hs = b.op("HardSwish", x);
    Value ge = b.op("GreaterOrEqual", i, b.constant(DenseTensor.ofLongs("one", new long[0], 1)));
    Value shape = b.op("Shape", List.of(x), Attribute.of("start", 1L));
    b.output(named(hs, "hs"), named(ge, "ge"), named(shape, "shape"));
    Model m = b.model();

    var down = convert(m, 11);

    assertThat(down.passed()).as(down.check().toString()).isTrue();
    assertThat(down.model().graph().nodes()).extracting(Node::opType)
        .doesNotContain("HardSwish", "GreaterOrEqual").contains("HardSigmoid", "Not", "Slice");
  }

  @Test
  void aFloatGreaterOrEqualIsRefusedBelow12BecauseOfNaN() {
    GraphBuilder b = GraphBuilder.create(12);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2));
    b.output(named(b.op("GreaterOrEqual", x, x), "y"));
    Model m = b.model();

    assertThatThrownBy(() -> new OpsetConverter(11).apply(m)).isInstanceOf(ConversionException.class)
        .hasMessageContaining("GreaterOrEqual").hasMessageContaining("NaN");
  }
}
