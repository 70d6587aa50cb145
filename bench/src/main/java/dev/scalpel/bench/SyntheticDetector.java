package dev.scalpel.bench;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A generated stand-in for torchvision's SSDlite320 as the legacy exporter writes it at opset 11:
 * normalisation and a Resize to computed sizes, a backbone of Conv → BatchNormalization → Relu
 * blocks (depthwise, squeeze-excitation, residual Adds), a classification and a box head per
 * feature map whose Reshape targets are computed by {@code Shape → Gather → Unsqueeze → Concat},
 * box decoding with many Slices, then per class (the exporter unrolls the Python loop) a score
 * threshold, {@code NonZero}, a {@code TopK} whose k is {@code min(candidates, count)}, and
 * finally {@code NonMaxSuppression}, a last {@code TopK} and a {@code Loop} that clips the boxes
 * of each image. With 90 classes it has about 1,400 nodes, like the real export; more classes
 * scale it up with the same mix. Weights are zeros (inference and simplification never read
 * them for anything but shapes and folding).
 */
public final class SyntheticDetector {
  private final GraphBuilder b;
  private final Value batch;

  private SyntheticDetector(GraphBuilder b, Value batch) {
    this.b = b;
    this.batch = batch;
  }

  /**
   * The detector with {@code classes} unrolled class branches; its input is float[batch, 3, 320,
   * 320] with a symbolic batch when {@code symbolicBatch}, else batch 1.
   */
  public static Model build(int classes, boolean symbolicBatch) {
    GraphBuilder b = GraphBuilder.create(11);
    Dim n = symbolicBatch ? Dim.of("batch") : Dim.of(1);
    Value x = b.input("images", DataType.FLOAT, Shape.of(n, Dim.of(3), Dim.of(320), Dim.of(320)));
    SyntheticDetector d = new SyntheticDetector(b, x);
    d.emit(x, classes);
    return b.model();
  }

  private void emit(Value images, int classes) {
    Value x = b.op("Div", b.op("Sub", images, floats(0.5f, 3, 1, 1)), floats(0.25f, 3, 1, 1));
    x = resizeTo320(x);
    List<Value> features = new ArrayList<>();
    int channels = 16;
    x = convBnRelu(x, 3, channels, 3, 2, 1);
    int[][] blocks = {{16, 1}, {24, 2}, {24, 1}, {40, 2}, {40, 1}, {40, 1}, {80, 2}, {80, 1}, {80, 1},
        {112, 1}, {112, 1}, {160, 2}, {160, 1}, {160, 1}, {160, 2}, {160, 2}, {160, 2}, {160, 2}};
    for (int i = 0; i < blocks.length; i++) {
      int out = blocks[i][0];
      int stride = blocks[i][1];
      Value y = convBnRelu(x, channels, channels * 2, 1, 1, 1);
      y = convBnRelu(y, channels * 2, channels * 2, 3, stride, channels * 2);
      if (i % 3 == 1) {
        y = squeezeExcite(y, channels * 2);
      }
      y = convBn(y, channels * 2, out, 1, 1, 1);
      x = stride == 1 && out == channels ? b.op("Add", x, y) : y;
      channels = out;
      if (i >= 12) {
        features.add(x);
      }
    }
    int anchors = 6;
    int numClasses = classes + 1;
    List<Value> logits = new ArrayList<>();
    List<Value> deltas = new ArrayList<>();
    for (Value f : features) {
      logits.add(head(f, 160, anchors, numClasses));
      deltas.add(head(f, 160, anchors, 4));
    }
    Value scores = b.op("Softmax", List.of(b.op("Concat", logits, Attribute.of("axis", 1L))), Attribute.of("axis", -1L));
    Value rel = b.op("Concat", deltas, Attribute.of("axis", 1L));
    Value boxes = decode(rel);
    // NOTE: batch 0 only from here, as torchvision's postprocess indexes the batch in Python.
    Value scores0 = gather(scores, 0, 0);
    Value boxes0 = gather(boxes, 0, 0);
    List<Value> keptBoxes = new ArrayList<>();
    List<Value> keptScores = new ArrayList<>();
    List<Value> keptLabels = new ArrayList<>();
    for (int c = 1; c <= classes; c++) {
      Value score = gather(scores0, 1, c);
      Value keep = b.op("Squeeze", List.of(b.op("NonZero", b.op("Greater", score, floats(0.001f)))), Attribute.ofInts("axes", 0));
      Value s = b.op("Gather", score, keep);
      Value box = b.op("Gather", List.of(boxes0, keep), Attribute.of("axis", 0L));
      Value count = b.op("Unsqueeze", List.of(gather(b.op("Shape", s), 0, 0)), Attribute.ofInts("axes", 0));
      Value k = b.op("ReduceMin", List.of(b.op("Concat", List.of(count, longs(300)), Attribute.of("axis", 0L))),
          Attribute.of("keepdims", 1L));
      List<Value> top = b.ops("TopK", 2, List.of(s, k), Attribute.of("axis", 0L));
      keptScores.add(top.get(0));
      keptBoxes.add(b.op("Gather", List.of(box, top.get(1)), Attribute.of("axis", 0L)));
      Value ones = b.op("ConstantOfShape", List.of(b.op("Shape", top.get(0))),
          Attribute.of("value", DenseTensor.ofLongs("", new long[] {1}, 1)));
      keptLabels.add(b.op("Mul", ones, longs(c)));
    }
    Value allBoxes = b.op("Concat", keptBoxes, Attribute.of("axis", 0L));
    Value allScores = b.op("Concat", keptScores, Attribute.of("axis", 0L));
    Value allLabels = b.op("Concat", keptLabels, Attribute.of("axis", 0L));
    // torchvision's batched_nms: offset each class's boxes so that classes never overlap.
    Value maxCoord = b.op("ReduceMax", List.of(allBoxes), Attribute.of("keepdims", 0L));
    Value offsets = b.op("Mul", b.op("Cast", List.of(allLabels), Attribute.of("to", (long) DataType.FLOAT.code())),
        b.op("Add", maxCoord, floats(1f)));
    Value shifted = b.op("Add", allBoxes, b.op("Unsqueeze", List.of(offsets), Attribute.ofInts("axes", 1)));
    Value nmsBoxes = b.op("Unsqueeze", List.of(shifted), Attribute.ofInts("axes", 0));
    Value nmsScores = b.op("Unsqueeze", List.of(allScores), Attribute.ofInts("axes", 0, 1));
    Value selected = b.op("NonMaxSuppression", nmsBoxes, nmsScores, longs(1000), floats(0.55f), floats(0.001f));
    Value keepIdx = b.op("Squeeze", List.of(b.op("Slice", selected, longs(2), longs(3), longs(1))), Attribute.ofInts("axes", 1));
    Value keptS = b.op("Gather", allScores, keepIdx);
    Value detCount = b.op("Unsqueeze", List.of(gather(b.op("Shape", keptS), 0, 0)), Attribute.ofInts("axes", 0));
    Value detK = b.op("ReduceMin", List.of(b.op("Concat", List.of(detCount, longs(300)), Attribute.of("axis", 0L))),
        Attribute.of("keepdims", 1L));
    List<Value> det = b.ops("TopK", 2, List.of(keptS, detK), Attribute.of("axis", 0L));
    Value order = b.op("Gather", keepIdx, det.get(1));
    Value outBoxes = b.op("Gather", List.of(allBoxes, order), Attribute.of("axis", 0L));
    Value outLabels = b.op("Gather", allLabels, order);
    b.output(clipPerImage(outBoxes), det.get(0), outLabels);
  }

  /** Resize to sizes computed from the input's own shape (torchvision's transform does this). */
  private Value resizeTo320(Value x) {
    Value shape = b.op("Shape", x);
    Value hw = b.op("Slice", shape, longs(2), longs(4), longs(0));
    Value scaled = b.op("Floor", b.op("Mul", b.op("Cast", List.of(hw), Attribute.of("to", (long) DataType.FLOAT.code())), floats(1f)));
    Value sizes = b.op("Concat", List.of(b.op("Slice", shape, longs(0), longs(2), longs(0)),
        b.op("Cast", List.of(scaled), Attribute.of("to", (long) DataType.INT64.code()))), Attribute.of("axis", 0L));
    Value roi = b.constant(DenseTensor.ofFloats("roi", new long[] {0}));
    Value scales = b.constant(DenseTensor.ofFloats("scales", new long[] {0}));
    return b.op("Resize", List.of(x, roi, scales, sizes), Attribute.of("mode", "linear"));
  }

  private Value convBnRelu(Value x, int in, int out, int k, int stride, int group) {
    return b.op("Relu", convBn(x, in, out, k, stride, group));
  }

  private Value convBn(Value x, int in, int out, int k, int stride, int group) {
    Value w = b.constant(DenseTensor.ofFloats("w", new long[] {out, in / group, k, k}, new float[out * (in / group) * k * k]));
    Value y = b.op("Conv", List.of(x, w), Attribute.ofInts("kernel_shape", k, k), Attribute.ofInts("strides", stride, stride),
        Attribute.ofInts("pads", k / 2, k / 2, k / 2, k / 2), Attribute.of("group", (long) group));
    return b.op("BatchNormalization", List.of(y, floats(1f, out), floats(0f, out), floats(0f, out), floats(1f, out)));
  }

  private Value squeezeExcite(Value x, int channels) {
    Value s = b.op("GlobalAveragePool", x);
    s = b.op("Relu", convBn(s, channels, channels / 4, 1, 1, 1));
    s = b.op("HardSigmoid", convBn(s, channels / 4, channels, 1, 1, 1));
    return b.op("Mul", x, s);
  }

  /**
   * A head's Conv and the exporter's {@code view(N, -1, K, H, W).permute(0, 3, 4, 1, 2)
   * .reshape(N, -1, K)}, both targets computed from Shape.
   */
  private Value head(Value f, int in, int anchors, int k) {
    long weights = (long) anchors * k * in * 9;
    // NOTE: past a few million weights (thousands of classes, for scaling runs) the weight is made by
    // ConstantOfShape at run time instead of stored: shape inference sees the same dims.
    Value w0 = weights <= (1 << 22)
        ? b.constant(DenseTensor.ofFloats("w", new long[] {anchors * k, in, 3, 3}, new float[(int) weights]))
        : b.op("ConstantOfShape", List.of(longs(anchors * k, in, 3, 3)),
            Attribute.of("value", DenseTensor.ofFloats("", new long[] {1}, 0f)));
    Value y = b.op("Conv", List.of(f, w0, floats(0f, anchors * k)), Attribute.ofInts("kernel_shape", 3, 3),
        Attribute.ofInts("pads", 1, 1, 1, 1));
    Value shape = b.op("Shape", y);
    Value n = unsqueeze(gather(shape, 0, 0));
    Value h = unsqueeze(gather(shape, 0, 2));
    Value w = unsqueeze(gather(shape, 0, 3));
    Value view = b.op("Reshape", y, b.op("Concat", List.of(n, longs(-1), longs(k), h, w), Attribute.of("axis", 0L)));
    Value perm = b.op("Transpose", List.of(view), Attribute.ofInts("perm", 0, 3, 4, 1, 2));
    Value n2 = unsqueeze(gather(b.op("Shape", perm), 0, 0));
    return b.op("Reshape", perm, b.op("Concat", List.of(n2, longs(-1), longs(k)), Attribute.of("axis", 0L)));
  }

  /** torchvision's BoxCoder.decode_single: centre/size arithmetic over Slices of the deltas. */
  private Value decode(Value rel) {
    Value[] d = new Value[4];
    for (int i = 0; i < 4; i++) {
      d[i] = b.op("Slice", rel, longs(i), longs(i + 1), longs(2));
    }
    Value cx = b.op("Add", b.op("Mul", b.op("Div", d[0], floats(10f)), floats(0.1f)), floats(0.5f));
    Value cy = b.op("Add", b.op("Mul", b.op("Div", d[1], floats(10f)), floats(0.1f)), floats(0.5f));
    Value w = b.op("Mul", b.op("Exp", b.op("Div", d[2], floats(5f))), floats(0.1f));
    Value h = b.op("Mul", b.op("Exp", b.op("Div", d[3], floats(5f))), floats(0.1f));
    Value halfW = b.op("Mul", w, floats(0.5f));
    Value halfH = b.op("Mul", h, floats(0.5f));
    List<Value> corners = Arrays.asList(b.op("Sub", cx, halfW), b.op("Sub", cy, halfH), b.op("Add", cx, halfW),
        b.op("Add", cy, halfH));
    return b.op("Concat", corners, Attribute.of("axis", 2L));
  }

  /** A Loop over the images of the batch that clips each image's boxes and stacks them. */
  private Value clipPerImage(Value boxes) {
    Value trips = gather(b.op("Shape", batch), 0, 0);
    GraphBuilder body = b.subgraph("clip_body");
    body.input("iteration", DataType.INT64, Shape.scalar());
    Value condIn = body.input("cond_in", DataType.BOOL, Shape.scalar());
    Value clipped = body.op("Clip", boxes, body.constant(DenseTensor.ofFloats("lo", new long[0], 0f)),
        body.constant(DenseTensor.ofFloats("hi", new long[0], 320f)));
    body.output(body.op("Identity", condIn), clipped);
    return b.op("Loop", Arrays.asList(trips, null), Attribute.of("body", body.graph()));
  }

  private Value gather(Value data, int axis, long index) {
    return b.op("Gather", List.of(data, longScalar(index)), Attribute.of("axis", (long) axis));
  }

  private Value unsqueeze(Value scalar) {
    return b.op("Unsqueeze", List.of(scalar), Attribute.ofInts("axes", 0));
  }

  private Value floats(float value, long... dims) {
    long count = 1;
    for (long d : dims) {
      count *= d;
    }
    float[] data = new float[(int) count];
    Arrays.fill(data, value);
    return b.constant(DenseTensor.ofFloats("c", dims, data));
  }

  private Value longs(long... values) {
    return b.constant(DenseTensor.vector("c", values));
  }

  private Value longScalar(long value) {
    return b.constant(DenseTensor.ofLongs("index", new long[0], value));
  }

  /** The node count of the detector with {@code classes} classes (for sizing benchmarks). */
  public static int nodeCount(int classes) {
    return build(classes, true).graph().nodeCount();
  }
}
