package dev.scalpel.passes.quant;

import dev.scalpel.opset.quant.QdqNodes;
import dev.scalpel.opset.quant.QdqParameters;
import dev.scalpel.opset.quant.QuantizationSummary;
import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.build.GraphBuilder;
import dev.scalpel.graph.tensor.DenseTensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * QDQ models built in code, shaped as ONNX Runtime's {@code quantize_static} and PyTorch/TensorRT
 * fake-quant exports write them (opset 13, symmetric int8, zero points 0, biases int32 with
 * scale = activation scale × weight scale).
 */
public final class QdqModels {
  /** The activation scale of every quantized input. */
  public static final float ACT_SCALE = 0.02f;

  private QdqModels() {}

  /**
   * x[1,2,5,5] → Q → DQ → Conv(·, DQ(W int8[3,2,3,3]), DQ(b int32[3])) → Relu → y: one Q, three DQ
   * (activation, weight, bias). Weight scales are per output channel (axis 0) or one per tensor.
   */
  public static Model quantizedConv(boolean perChannel) {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 2, 5, 5));
    Value xdq = fakeQuant(b, x, "x");
    Value w = dequantizedConvWeight(b, "w", 3, 2, perChannel);
    Value bias = dequantizedBias(b, "b", 3, perChannel);
    Value conv = b.op("Conv", List.of(xdq, w, bias), Attribute.ofInts("pads", 1, 1, 1, 1));
    Value y = b.op("Relu", conv);
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /**
   * Two convolutions followed by BatchNormalization: one on quantized weights (DQ → Conv → BN,
   * which must not be fused: the weights would need requantizing) and one on float weights after
   * a quantized activation (DQ(x) → Conv(float W) → BN → Relu, which may fuse and stays valid QDQ).
   */
  public static Model convBnAfterQuantizedConv() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(1, 2, 5, 5));
    Value xdq = fakeQuant(b, x, "x");
    Value w = dequantizedConvWeight(b, "wq", 3, 2, true);
    Value conv1 = b.op("Conv", List.of(xdq, w), Attribute.ofInts("pads", 1, 1, 1, 1));
    Value bn1 = batchNorm(b, conv1, "bn1", 3);
    Value hdq = fakeQuant(b, b.op("Relu", bn1), "h");
    Value wf = b.initializer("wf", floats("wf", new long[] {4, 3, 1, 1}, 0.25, 0.05));
    Value conv2 = b.op("Conv", hdq, wf);
    Value y = b.op("Relu", batchNorm(b, conv2, "bn2", 4));
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /**
   * x[2,4] → MatMul(x, Transpose(DQ(Q(W float[3,4])))) → y: a fake-quantized float weight, read
   * through a Transpose (a layout op between DQ and its consumer).
   */
  public static Model fakeQuantWeightThroughTranspose() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 4));
    Value wf = b.initializer("w", floats("w", new long[] {3, 4}, -0.5, 0.09));
    Value scale = b.initializer("w_scale", DenseTensor.ofFloats("w_scale", new long[] {3}, 0.004f, 0.005f, 0.006f));
    Value zero = b.initializer("w_zero", int8("w_zero", new long[] {3}, 0, 0, 0));
    Value q = b.op("QuantizeLinear", List.of(wf, scale, zero), Attribute.of("axis", 0L));
    Value dq = b.op("DequantizeLinear", List.of(q, scale, zero), Attribute.of("axis", 0L));
    Value wt = b.op("Transpose", List.of(dq), Attribute.ofInts("perm", 1, 0));
    Value y = b.op("MatMul", x, wt);
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /**
   * x[2,4] → Add(MatMul(x, DQa(W)), MatMul(x, DQb(W))) → y, where DQa and DQb are identical
   * DequantizeLinear nodes of the same int8 weight: the form ONNX Runtime's quantizer writes with a
   * dedicated DQ per consumer. Also DQ → Identity → Q → DQ on the activation path.
   */
  public static Model duplicatedWeightDq() {
    GraphBuilder b = GraphBuilder.create(13);
    Value x = b.input("x", DataType.FLOAT, Shape.of(2, 4));
    Value xs = scalar(b, "x_scale", ACT_SCALE);
    Value xz = b.initializer("x_zero", int8("x_zero", new long[0], 0));
    Value xdq = b.op("DequantizeLinear", b.op("QuantizeLinear", x, xs, xz), xs, xz);
    Value id = b.op("Identity", xdq);
    Value xdq2 = b.op("DequantizeLinear", b.op("QuantizeLinear", id, xs, xz), xs, xz);
    Value w = b.initializer("w", int8("w", new long[] {4, 3}, pattern(12, 11)));
    Value ws = scalar(b, "w_scale", 0.01f);
    Value wz = b.initializer("w_zero", int8("w_zero", new long[0], 0));
    Value dqa = b.op("DequantizeLinear", w, ws, wz);
    Value dqb = b.op("DequantizeLinear", w, ws, wz);
    Value y = b.op("Add", b.op("MatMul", xdq2, dqa), b.op("MatMul", xdq2, dqb));
    y.setName("y");
    b.output(y);
    return b.model();
  }

  /** x → QuantizeLinear(x, scale, zero) → DequantizeLinear → the dequantized activation. */
  public static Value fakeQuant(GraphBuilder b, Value x, String name) {
    Value scale = scalar(b, name + "_scale", ACT_SCALE);
    Value zero = b.initializer(name + "_zero", int8(name + "_zero", new long[0], 0));
    Value q = b.op("QuantizeLinear", x, scale, zero);
    return b.op("DequantizeLinear", q, scale, zero);
  }

  /** DQ(W int8[cOut, cIn, 3, 3]) with scales per output channel (axis 0) or one scale. */
  public static Value dequantizedConvWeight(GraphBuilder b, String name, int cOut, int cIn, boolean perChannel) {
    long[] dims = {cOut, cIn, 3, 3};
    Value w = b.initializer(name, int8(name, dims, pattern(cOut * cIn * 9, 7)));
    if (!perChannel) {
      return b.op("DequantizeLinear", w, scalar(b, name + "_scale", 0.01f), b.initializer(name + "_zero",
          int8(name + "_zero", new long[0], 0)));
    }
    Value scale = b.initializer(name + "_scale", DenseTensor.ofFloats(name + "_scale", new long[] {cOut}, weightScales(cOut)));
    Value zero = b.initializer(name + "_zero", int8(name + "_zero", new long[] {cOut}, new int[cOut]));
    return b.op("DequantizeLinear", List.of(w, scale, zero), Attribute.of("axis", 0L));
  }

  /** DQ(b int32[cOut]) with scale = activation scale × weight scale, no zero point (as quantize_static writes it). */
  public static Value dequantizedBias(GraphBuilder b, String name, int cOut, boolean perChannel) {
    int[] values = new int[cOut];
    for (int i = 0; i < cOut; i++) {
      values[i] = 40 * i - 30;
    }
    Value bias = b.initializer(name, DenseTensor.ofInts(name, new long[] {cOut}, values));
    float[] ws = perChannel ? weightScales(cOut) : new float[] {0.01f};
    float[] s = new float[ws.length];
    for (int i = 0; i < ws.length; i++) {
      s[i] = ACT_SCALE * ws[i];
    }
    Value scale = b.initializer(name + "_scale", DenseTensor.ofFloats(name + "_scale", new long[] {s.length}, s));
    return perChannel
        ? b.op("DequantizeLinear", List.of(bias, scale), Attribute.of("axis", 0L))
        : b.op("DequantizeLinear", bias, scale);
  }

  /** An INT8 tensor of these values. */
  public static Tensor int8(String name, long[] dims, int... values) {
    ByteBuffer data = ByteBuffer.allocate(values.length);
    for (int v : values) {
      data.put((byte) v);
    }
    data.flip();
    return DenseTensor.wrap(name, DataType.INT8, dims, data);
  }

  /** {@code n} int8 values in [-127, 127], spread by {@code step}. */
  static int[] pattern(int n, int step) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = Math.floorMod(i * step * 13 + 5, 255) - 127;
    }
    return out;
  }

  private static float[] weightScales(int cOut) {
    float[] out = new float[cOut];
    for (int i = 0; i < cOut; i++) {
      out[i] = 0.004f + 0.002f * i;
    }
    return out;
  }

  private static Value scalar(GraphBuilder b, String name, float v) {
    return b.initializer(name, DenseTensor.ofFloats(name, new long[0], v));
  }

  private static Value batchNorm(GraphBuilder b, Value in, String name, int c) {
    List<Value> inputs = new ArrayList<>();
    inputs.add(in);
    inputs.add(b.initializer(name + "_gamma", floats(name + "_gamma", new long[] {c}, 0.8, 0.15)));
    inputs.add(b.initializer(name + "_beta", floats(name + "_beta", new long[] {c}, -0.1, 0.07)));
    inputs.add(b.initializer(name + "_mean", floats(name + "_mean", new long[] {c}, 0.05, 0.03)));
    inputs.add(b.initializer(name + "_var", floats(name + "_var", new long[] {c}, 0.5, 0.2)));
    return b.op("BatchNormalization", inputs);
  }

  private static Tensor floats(String name, long[] dims, double start, double step) {
    int n = 1;
    for (long d : dims) {
      n *= (int) d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (start + step * ((i * 7) % 11));
    }
    return DenseTensor.ofFloats(name, dims, v);
  }
}
