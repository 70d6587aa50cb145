package dev.scalpel.runtime;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.Arrays;
import java.util.List;

/**
 * Models whose dynamic dims accept only some sizes, as detectors and audio encoders exported from
 * PyTorch do; weights are small and deterministic.
 */
final class DimSearchModels {
  private DimSearchModels() {}

  /**
   * A YOLO-style neck: x[batch,3,height,width] → five Conv (3x3, stride 2, pads 1), each halving
   * the map to ceil(d/2): P3 = ceil(d/8), P4 = ceil(d/16), P5 = ceil(d/32). P5 is upsampled
   * (Resize, scales 2) and concatenated with P4; that, through a 1x1 Conv, upsampled and
   * concatenated with P3. The Concats need 2*ceil(d/32) = ceil(d/16) and 2*ceil(d/16) = ceil(d/8),
   * that is ceil(d/8) and ceil(d/16) even: d in 25..32, 57..64, ... (not 2, 3, 8, 13, 48).
   */
  static Model yolo() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("images", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of(3), Dim.of("height"), Dim.of("width")));
    Value c1 = conv(b, x, "w1", 4, 3, 3, 2, 1);
    Value c2 = conv(b, c1, "w2", 4, 4, 3, 2, 1);
    Value p3 = conv(b, c2, "w3", 4, 4, 3, 2, 1);
    Value p4 = conv(b, p3, "w4", 4, 4, 3, 2, 1);
    Value p5 = conv(b, p4, "w5", 4, 4, 3, 2, 1);
    Value cat4 = b.op("Concat", List.of(upsample(b, p5, "s5"), p4), Attribute.of("axis", 1L));
    Value lat = conv(b, cat4, "w6", 4, 8, 1, 1, 0);
    // NOTE: the second upsample's scales are computed, Concat([1, 1], [2, 2]), as PyTorch exports them.
    Value scales = b.op("Concat", List.of(b.constant(DenseTensor.ofFloats("keep", new long[] {2}, 1f, 1f)),
        b.constant(DenseTensor.ofFloats("double", new long[] {2}, 2f, 2f))), Attribute.of("axis", 0L));
    Value up = b.node("Resize", Arrays.asList(lat, null, scales), 1, Attribute.of("mode", "nearest")).output(0);
    Value cat3 = b.op("Concat", List.of(up, p3), Attribute.of("axis", 1L));
    b.output(b.op("Sigmoid", cat3));
    return b.model();
  }

  /**
   * A wav2vec2-style feature encoder: input_values[batch,samples] → Unsqueeze → seven 1-D Conv
   * (kernels 10,3,3,3,3,2,2, strides 5,2,2,2,2,2,2, no pads) with Relu → Transpose →
   * [batch,frames,4]. Every conv output length floor((n-k)/s)+1 must be at least 1, which holds
   * from 400 samples on (399 leaves the last conv with 0 frames).
   */
  static Model wav2vec2() {
    GraphBuilder b = GraphBuilder.create(17);
    Value x = b.input("input_values", DataType.FLOAT, Shape.of(Dim.of("batch"), Dim.of("samples")));
    Value h = b.op("Unsqueeze", x, b.constant(DenseTensor.vector("axes", 1)));
    long[] kernels = {10, 3, 3, 3, 3, 2, 2};
    long[] strides = {5, 2, 2, 2, 2, 2, 2};
    long in = 1;
    for (int i = 0; i < kernels.length; i++) {
      h = b.op("Relu", conv1d(b, h, "c" + i, 4, in, kernels[i], strides[i]));
      in = 4;
    }
    b.output(b.op("Transpose", List.of(h), Attribute.ofInts("perm", 0, 2, 1)));
    return b.model();
  }

  private static Value conv(GraphBuilder b, Value x, String name, long out, long in, long k, long stride, long pad) {
    Value w = b.initializer(name, weights(name, new long[] {out, in, k, k}));
    return b.op("Conv", List.of(x, w), Attribute.ofInts("kernel_shape", k, k), Attribute.ofInts("strides", stride, stride),
        Attribute.ofInts("pads", pad, pad, pad, pad));
  }

  private static Value conv1d(GraphBuilder b, Value x, String name, long out, long in, long k, long stride) {
    Value w = b.initializer(name, weights(name, new long[] {out, in, k}));
    return b.op("Conv", List.of(x, w), Attribute.ofInts("kernel_shape", k), Attribute.ofInts("strides", stride));
  }

  private static Value upsample(GraphBuilder b, Value x, String name) {
    Value scales = b.constant(DenseTensor.ofFloats(name, new long[] {4}, 1f, 1f, 2f, 2f));
    return b.node("Resize", Arrays.asList(x, null, scales), 1, Attribute.of("mode", "nearest")).output(0);
  }

  private static DenseTensor weights(String name, long[] dims) {
    int n = 1;
    for (long d : dims) {
      n *= (int) d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = ((i * 7919) % 17 - 8) / 40f;
    }
    return DenseTensor.ofFloats(name, dims, v);
  }
}
