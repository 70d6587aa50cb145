package dev.scalpel.runtime.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.convert.Float16Converter;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.CheckedEdit;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OutputVerdict;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A float16 conversion of a detector keeps its box decoding and NMS post-processing in float32 by
 * default, and that is what keeps NonMaxSuppression selecting the same boxes.
 */
class DetectorFloat16Test {
  private static final int ANCHORS = 16;
  private static final float STEP = 3.3f;

  /**
   * x [1,3,4,4] → Conv (1x1, 5 channels) → per anchor 4 box deltas and 1 score logit →
   * boxes = anchors + 0.01 · deltas, scores = Sigmoid(0.001 · logit + bias) → NonMaxSuppression
   * (IoU 0.45) → selected [k,3] and the selected boxes [k,4].
   *
   * <p>The anchors are 10 × 10 boxes at x1 = 3000 + 3.3 i, so neighbours overlap with IoU
   * (10 - 3.3) / (10 + 3.3) = 0.504 and suppress each other (above 0.45), boxes two apart with
   * 3.4 / 16.6 = 0.205 do not. In float16, whose spacing is 2 between 2048 and 4096, x1 rounds to
   * neighbours 2 or 4 apart: 4 apart overlap with IoU 6 / 14 = 0.43, under 0.45, and survive.
   * The deltas move a box by at most a few hundredths, and the biases 0.1 apart fix the score order,
   * so the float32 selection does not depend on the Conv's rounding.
   */
  static Model detector() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 3, 4, 4));
    float[] w = new float[5 * 3];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) Math.cos(i * 1.3) * 0.5f;
    }
    Value conv = b.op("Conv", x, b.initializer("w", DenseTensor.ofFloats("w", new long[] {5, 3, 1, 1}, w)));
    Value flat = b.op("Reshape", conv, b.constant(DenseTensor.vector("to_5x16", 1, 5, ANCHORS)));
    Value perAnchor = b.op("Transpose", List.of(flat), Attribute.ofInts("perm", 0, 2, 1));
    List<Value> parts = b.ops("Split", 2, List.of(perAnchor, b.constant(DenseTensor.vector("split", 4, 1))),
        Attribute.of("axis", 2L));
    float[] anchors = new float[ANCHORS * 4];
    float[] bias = new float[ANCHORS];
    for (int i = 0; i < ANCHORS; i++) {
      float x1 = 3000 + STEP * i;
      anchors[4 * i] = 0;
      anchors[4 * i + 1] = x1;
      anchors[4 * i + 2] = 10;
      anchors[4 * i + 3] = x1 + 10;
      bias[i] = ((i * 7) % ANCHORS) * 0.1f - 0.8f;
    }
    Value boxes = b.op("Add", b.constant(DenseTensor.ofFloats("anchors", new long[] {1, ANCHORS, 4}, anchors)),
        b.op("Mul", parts.get(0), b.constant(DenseTensor.ofFloats("delta_scale", new long[0], 0.01f))));
    Value logits = b.op("Add", b.op("Mul", parts.get(1), b.constant(DenseTensor.ofFloats("logit_scale", new long[0], 0.001f))),
        b.constant(DenseTensor.ofFloats("bias", new long[] {1, ANCHORS, 1}, bias)));
    Value scores = b.op("Reshape", b.op("Sigmoid", logits), b.constant(DenseTensor.vector("to_1x1x16", 1, 1, ANCHORS)));
    Value selected = b.op("NonMaxSuppression", boxes, scores,
        b.constant(DenseTensor.vector("max_out", ANCHORS)),
        b.constant(DenseTensor.ofFloats("iou", new long[] {1}, 0.45f)),
        b.constant(DenseTensor.ofFloats("score_min", new long[] {1}, 0f)));
    selected.setName("selected");
    Value index = b.op("Gather", List.of(selected, b.constant(DenseTensor.ofLongs("col", new long[0], 2))),
        Attribute.of("axis", 1L));
    Value picked = b.op("Gather", List.of(b.op("Squeeze", boxes, b.constant(DenseTensor.vector("axis0", 0))), index),
        Attribute.of("axis", 0L));
    picked.setName("picked");
    b.output(selected, picked);
    return b.model();
  }

  private static CheckedEdit.Outcome<Float16Converter.Result> convert(Float16Converter.Options options) throws IOException {
    return CheckedConversion.float16(ModelSource.of(detector()), options, CheckOptions.defaults(), false).run();
  }

  private static OutputVerdict verdict(CheckedEdit.Outcome<?> o, String name) {
    return o.check().orElseThrow().outputs().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void convertingTheBoxDecodingToFloat16ChangesWhichBoxesNmsSelects() throws IOException {
    // NonMaxSuppression in --allow-ops converts the post-processing anyway: what the converter did before.
    var o = convert(Float16Converter.Options.of(DataType.FLOAT16).withAllowedOps(Set.of("NonMaxSuppression")));

    assertThat(o.passed()).isFalse();
    assertThat(verdict(o, "selected").passed()).as(o.check().toString()).isFalse();
  }

  @Test
  void byDefaultTheDecodingAndPostProcessingStayFloat32AndNmsSelectsTheSameBoxes() throws IOException {
    var o = convert(Float16Converter.Options.of(DataType.FLOAT16));

    assertThat(o.passed()).as(o.check().toString()).isTrue();
    Map<String, String> kept = o.result().kept().stream()
        .collect(Collectors.toMap(Float16Converter.KeptNode::node, Float16Converter.KeptNode::reason));
    Model m = o.model();
    // The Conv converts (its weight is half), everything between it and NMS, and after, does not.
    assertThat(m.graph().initializer("w").orElseThrow().dataType()).contains(DataType.FLOAT16);
    assertThat(o.result().kept()).extracting(Float16Converter.KeptNode::opType)
        .doesNotContain("Conv")
        .contains("Reshape", "Transpose", "Split", "Mul", "Add", "Sigmoid", "NonMaxSuppression", "Squeeze", "Gather");
    assertThat(kept.entrySet()).filteredOn(e -> e.getKey().startsWith("Add") || e.getKey().startsWith("Transpose"))
        .allSatisfy(e -> assertThat(e.getValue()).contains("NonMaxSuppression").contains("selects from"));
    assertThat(o.result().kept()).filteredOn(k -> k.opType().equals("Gather")).singleElement()
        .extracting(Float16Converter.KeptNode::reason).asString().contains("reads detection post-processing values");
    // One Cast after the Conv (to float32), one before the float output 'picked' (to float16).
    assertThat(m.graph().allNodes().stream().filter(n -> n.opType().equals("Cast")).count()).isEqualTo(2);
    assertThat(m.graph().outputs().get(1).dataType()).contains(DataType.FLOAT16);
  }
}
