package dev.scalpel.runtime.fold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.fold.FoldConstants;
import dev.scalpel.runtime.ModelRole;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtEvaluator;
import dev.scalpel.runtime.OrtRunner;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Folding through ONNX Runtime refuses the uses ONNX Runtime 1.26 gets wrong ({@code
 * OrtKnownDeviations}) and says why; the two simplest entries are also checked to still be needed
 * (ONNX Runtime still returns something other than the spec's value, worked out by hand from the
 * spec), and a neighbouring use the list does not name still folds.
 */
class OrtKnownDeviationsTest {
  private static final FoldConstants.Options WITH_ORT = FoldConstants.Options.defaults().withFallback(new OrtEvaluator());

  private static PassContext fold(Model m) {
    PassContext context = new PassContext();
    new FoldConstants(WITH_ORT).run(m, context);
    return context;
  }

  private static List<String> ops(Model m) {
    return m.graph().nodes().stream().map(Node::opType).toList();
  }

  private static float[] floats(Tensor t) {
    return DenseTensor.wrap(t.name(), t.dataType(), t.dims(), t.data().slice()).toFloatArray();
  }

  /** What ONNX Runtime computes for the model's only output (every input an initializer). */
  private static float[] ortValue(Model m) {
    try (OrtRunner runner = OrtRunner.open(ModelSource.of(m.deepCopy()), ModelRole.ORIGINAL)) {
      return floats(runner.run(Map.of()).outputs().values().iterator().next());
    }
  }

  /** MaxUnpool-22 of [5,6,7,8] at flat indices [5,7,13,15], kernel and stride 2, output_shape [1,1,5,5]. */
  private static Model maxUnpoolWithOutputShape() {
    GraphBuilder b = GraphBuilder.create(22);
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {1, 1, 2, 2}, 5, 6, 7, 8));
    Value i = b.initializer("i", DenseTensor.ofLongs("i", new long[] {1, 1, 2, 2}, 5, 7, 13, 15));
    Value shape = b.initializer("shape", DenseTensor.ofLongs("shape", new long[] {4}, 1, 1, 5, 5));
    Value y = b.op("MaxUnpool", List.of(x, i, shape), Attribute.ofInts("kernel_shape", 2, 2),
        Attribute.ofInts("strides", 2, 2));
    y.setName("y");
    b.output(y);
    return b.model();
  }

  @Test
  void maxUnpoolWithOutputShapeIsNotFoldedThroughOrtWhichStillGetsItWrong() {
    // The indices address the default output, 4x4 ((2-1)*2+2): 5, 7, 13, 15 are (1,1), (1,3), (3,1),
    // (3,3). ONNX's reference keeps those rows and columns in the larger output_shape, 5x5 (the
    // expected output of test_maxunpool_export_with_output_shape): flat 6, 8, 16, 18.
    float[] spec = new float[25];
    spec[6] = 5;
    spec[8] = 6;
    spec[16] = 7;
    spec[18] = 8;
    assertThat(ortValue(maxUnpoolWithOutputShape())).as("ONNX Runtime still differs from the spec").isNotEqualTo(spec);

    Model m = maxUnpoolWithOutputShape();
    PassContext context = fold(m);
    assertThat(ops(m)).containsExactly("MaxUnpool");
    assertThat(context.diagnostics()).anyMatch(d -> d.contains("ONNX Runtime 1.26 is known to differ from the ONNX spec"
        + " for MaxUnpool-22: with output_shape given"));
  }

  /** Resize-19 of [[1,2,3,4],[5,6,7,8]] by scales [1,1,0.6,0.6], linear, align_corners: the spec gives [1, 3.142857]. */
  private static Model resizeDownAlignCorners() {
    GraphBuilder b = GraphBuilder.create(19);
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {1, 1, 2, 4}, 1, 2, 3, 4, 5, 6, 7, 8));
    Value scales = b.initializer("scales", DenseTensor.ofFloats("scales", new long[] {4}, 1f, 1f, 0.6f, 0.6f));
    Value y = b.op("Resize", Arrays.asList(x, null, scales), Attribute.of("mode", "linear"),
        Attribute.of("coordinate_transformation_mode", "align_corners"));
    y.setName("y");
    b.output(y);
    return b.model();
  }

  @Test
  void resizeDownsampleWithAlignCornersIsNotFoldedThroughOrtWhichStillGetsItWrong() {
    // Output 1x2 (floor(2*0.6), floor(4*0.6)). With scales given, the spec's align_corners maps
    // x_resized to x_resized * (4-1) / (4*0.6 - 1) = 2.142857 for x_resized 1 (and row 0 to row 0),
    // so row [1,2,3,4] gives 1 and 1 + 2.142857 = 3.142857 (ONNX's expected output too).
    float[] spec = {1f, 3.142857f};
    float[] ort = ortValue(resizeDownAlignCorners());
    assertThat(ort.length != 2 || Math.abs(ort[1] - spec[1]) > 1e-3).as("ONNX Runtime still differs from the spec: "
        + Arrays.toString(ort)).isTrue();

    Model m = resizeDownAlignCorners();
    PassContext context = fold(m);
    assertThat(ops(m)).containsExactly("Resize");
    assertThat(context.diagnostics()).anyMatch(d -> d.contains("known to differ from the ONNX spec for Resize-19"));
  }

  @Test
  void resizeUpsampleWithAlignCornersStillFolds() {
    GraphBuilder b = GraphBuilder.create(19);
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {1, 1, 2, 2}, 1, 2, 3, 4));
    Value scales = b.initializer("scales", DenseTensor.ofFloats("scales", new long[] {4}, 1f, 1f, 2f, 2f));
    Value y = b.op("Resize", Arrays.asList(x, null, scales), Attribute.of("mode", "linear"),
        Attribute.of("coordinate_transformation_mode", "align_corners"));
    y.setName("y");
    b.output(y);
    Model m = b.model();
    fold(m);
    assertThat(ops(m)).isEmpty();
    // align_corners from 2 to 4 samples at 0, 1/3, 2/3, 1: row 0 is 1, 4/3, 5/3, 2.
    float[] folded = floats(m.graph().outputs().get(0).constantValue().orElseThrow());
    assertThat(Arrays.copyOf(folded, 4)).containsExactly(new float[] {1f, 4f / 3, 5f / 3, 2f},
        org.assertj.core.data.Offset.offset(1e-6f));
  }

  /** Attention-23 of Q [1,1,2,4], K and V [1,1,3,4]; {@code mask} [2,3] and {@code softcap} when given. */
  private static Model attention(float[] mask, float softcap, long causal) {
    GraphBuilder b = GraphBuilder.create(23);
    float[] q = new float[8];
    float[] kv = new float[12];
    for (int i = 0; i < q.length; i++) {
      q[i] = 0.1f * i;
    }
    for (int i = 0; i < kv.length; i++) {
      kv[i] = 0.05f * (i % 5);
    }
    Value qv = b.initializer("q", DenseTensor.ofFloats("q", new long[] {1, 1, 2, 4}, q));
    Value k = b.initializer("k", DenseTensor.ofFloats("k", new long[] {1, 1, 3, 4}, kv));
    Value v = b.initializer("v", DenseTensor.ofFloats("v", new long[] {1, 1, 3, 4}, kv));
    List<Value> inputs = mask == null ? List.of(qv, k, v)
        : List.of(qv, k, v, b.initializer("mask", DenseTensor.ofFloats("mask", new long[] {2, 3}, mask)));
    Value y = b.op("Attention", inputs, Attribute.of("softcap", softcap), Attribute.of("is_causal", causal));
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /**
   * What ONNX Runtime's evaluator says when handed the model's one node as a region. NOTE: folding
   * takes Attention through its Java kernel first, so the deviation list is exercised here directly.
   */
  private static String ortRefusal(Model m) {
    Node node = m.graph().nodes().get(0);
    Map<Value, Tensor> constants = new java.util.HashMap<>();
    for (Value in : node.inputs()) {
      in.constantValue().ifPresent(t -> constants.put(in, t));
    }
    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
        () -> new OrtEvaluator().evaluate(m, List.of(node), constants, java.util.Set.of(node.output(0))));
    assertThat(refused).isNotNull();
    return refused.getMessage();
  }

  @Test
  void attentionWithSoftcapAndAMaskIsRefusedWithTheReasonAndFoldsThroughTheJavaKernel() {
    Model m = attention(new float[] {0, -1, 0, 0, 0, -2}, 2f, 0);
    assertThat(ortRefusal(m)).contains("known to differ from the ONNX spec for Attention-23:"
        + " softcap combined with a mask");
    fold(m);
    assertThat(ops(m)).isEmpty();
  }

  @Test
  void attentionWithAFullyMaskedRowIsRefusedAndFoldsThroughTheJavaKernel() {
    float inf = Float.NEGATIVE_INFINITY;
    Model m = attention(new float[] {0, 0, 0, inf, inf, inf}, 0f, 0);
    assertThat(ortRefusal(m)).contains("rows masked entirely");
    fold(m);
    assertThat(ops(m)).isEmpty();
    // The spec's guard: the fully masked second query row is zeros, not NaN.
    float[] y = m.graph().outputs().get(0).constantValue().orElseThrow().toFloatArray();
    assertThat(Arrays.copyOfRange(y, 4, 8)).containsExactly(0f, 0f, 0f, 0f);
  }

  @Test
  void plainAttentionAndAMaskedOneWithoutSoftcapStillFold() {
    Model plain = attention(null, 0f, 0);
    fold(plain);
    assertThat(ops(plain)).isEmpty();
    Model masked = attention(new float[] {0, -1, 0, 0, 0, -2}, 0f, 1);
    fold(masked);
    assertThat(ops(masked)).isEmpty();
  }

  @Test
  void inverseOnesidedDftFoldsThroughTheJavaKernel() {
    GraphBuilder b = GraphBuilder.create(20);
    // A one-sided spectrum of a length-4 signal: 3 complex bins, only DC = 4: the signal is 4/4 = 1 everywhere.
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {1, 3, 2}, 4, 0, 0, 0, 0, 0));
    Value y = b.op("DFT", List.of(x), Attribute.of("inverse", 1L), Attribute.of("onesided", 1L));
    y.setName("y");
    b.output(y);
    Model m = b.model();
    fold(m);
    assertThat(ops(m)).isEmpty();
    Tensor folded = m.graph().outputs().get(0).constantValue().orElseThrow();
    assertThat(folded.dims()).containsExactly(1, 4, 1);
    assertThat(floats(folded)).containsExactly(1f, 1f, 1f, 1f);
  }

  @Test
  void inverseOnesidedDftIsRefused() {
    GraphBuilder b = GraphBuilder.create(20);
    // A one-sided spectrum of 4098 bins (a signal of 8194 points): too large for the Java kernel's
    // direct transform, so ONNX Runtime would be asked.
    Value x = b.initializer("x", DenseTensor.ofFloats("x", new long[] {1, 4098, 2}, new float[2 * 4098]));
    Value y = b.op("DFT", List.of(x), Attribute.of("inverse", 1L), Attribute.of("onesided", 1L));
    y.setName("y");
    b.output(y);
    Model m = b.model();
    PassContext context = fold(m);
    assertThat(ops(m)).containsExactly("DFT");
    assertThat(context.diagnostics()).anyMatch(d -> d.contains("known to differ from the ONNX spec for DFT-20"));
  }
  @Test
  void roiAlignInMaxModeIsNotFoldedEvenWhereOrtEvaluatesTheRegionItReads() {
    // NOTE: the Java kernel refuses max mode (spec text and ONNX's reference disagree). Here X comes
    // from LRN, which has no Java kernel, so ONNX Runtime evaluates the region and would take the
    // RoiAlign that reads it along, were it not on the list.
    GraphBuilder b = GraphBuilder.create(16);
    Value x0 = b.initializer("x0", DenseTensor.ofFloats("x0", new long[] {1, 1, 2, 2}, 1, 2, 3, 4));
    Value x = b.op("LRN", List.of(x0), Attribute.of("size", 1L));
    Value rois = b.initializer("rois", DenseTensor.ofFloats("rois", new long[] {1, 4}, 0, 0, 1, 1));
    Value idx = b.initializer("idx", DenseTensor.ofLongs("idx", new long[] {1}, 0));
    Value y = b.op("RoiAlign", List.of(x, rois, idx), Attribute.of("mode", "max"),
        Attribute.of("output_height", 1L), Attribute.of("output_width", 1L));
    y.setName("y");
    b.output(y);
    Model m = b.model();

    PassContext context = fold(m);

    assertThat(ops(m)).as(String.join("; ", context.diagnostics())).contains("RoiAlign");
  }
}
