package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.Constants;
import dev.scalpel.graph.Finding;
import dev.scalpel.opset.quant.QdqNodes;
import dev.scalpel.opset.quant.QdqParameters;
import dev.scalpel.opset.quant.QuantizationSummary;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Explicit quantization as TensorRT documents it (reference A.2/A.4 and the "Explicit
 * Quantization" chapter): symmetric quantization only (zero points 0), quantized types INT8, FP8
 * (E4M3), INT4 and, from 10, FP4 (8.6: INT8 only), float scales (FLOAT, FLOAT16, BFLOAT16) that are
 * positive, per-tensor activations, weights per output channel along the axis the consumer's
 * output channel is on (Conv 0, ConvTranspose 1, MatMul the last, Gemm 0 with transB else 1) with
 * one scale per channel and a zero point of the scale's shape. Per-tensor weights are valid but
 * lose accuracy: a warning.
 */
public final class QdqPlacementRule implements TrtRule {
  private static final Set<DataType> QUANTIZED_V10 =
      Set.of(DataType.INT8, DataType.FLOAT8E4M3FN, DataType.INT4, DataType.FLOAT4E2M1);
  private static final Set<DataType> SCALE_TYPES = Set.of(DataType.FLOAT, DataType.FLOAT16, DataType.BFLOAT16);

  @Override
  public String id() {
    return "trt-qdq";
  }

  @Override
  public String description() {
    return "Q/DQ placement: symmetric int8/fp8/int4, positive float scales, per-channel weights on the right axis";
  }

  @Override
  public void check(Model model, TrtVersion version, List<Finding> out) {
    for (Node node : model.graph().allNodes()) {
      if (!node.isDefaultDomain() || !(QdqNodes.isQuantize(node) || QdqNodes.isDequantize(node))) {
        continue;
      }
      Optional<QdqParameters> params = QdqParameters.of(node);
      if (params.isEmpty()) {
        continue;
      }
      QdqParameters p = params.get();
      checkType(p, version, out);
      checkScale(p, out);
      checkZeroPoint(p, out);
      checkGranularity(p, out);
    }
  }

  private void checkType(QdqParameters p, TrtVersion version, List<Finding> out) {
    Optional<DataType> type = p.quantizedType();
    if (type.isEmpty()) {
      return;
    }
    Set<DataType> allowed = version == TrtVersion.V8_6 ? Set.of(DataType.INT8) : QUANTIZED_V10;
    if (allowed.contains(type.get())) {
      return;
    }
    String name = QuantizationSummary.typeName(type.get());
    String hint = type.get() == DataType.INT32
        ? "keep biases in float (quantize_static: extra_options QuantizeBias=False)"
        : type.get() == DataType.UINT8
            ? "quantize to signed int8 with zero point 0 (quantize_static: QInt8 types, ActivationSymmetric and WeightSymmetric)"
            : "quantize to " + (version == TrtVersion.V8_6 ? "int8" : "int8, fp8 (e4m3fn), int4 or fp4");
    add(out, Finding.Severity.ERROR, p, p.quantized(), "quantized type " + name + " is not one TensorRT " + version.label()
        + " quantizes to (" + (version == TrtVersion.V8_6 ? "int8" : "int8, float8e4m3fn, int4, float4e2m1") + ")", hint);
  }

  private void checkScale(QdqParameters p, List<Finding> out) {
    Optional<Tensor> scale = Constants.of(p.scale());
    Optional<DataType> type = scale.map(Tensor::dataType).or(() -> p.scale().dataType());
    if (type.isPresent() && !SCALE_TYPES.contains(type.get())) {
      add(out, Finding.Severity.ERROR, p, p.scale(), "scale of type " + QuantizationSummary.typeName(type.get())
          + "; TensorRT takes float, float16 or bfloat16 scales", "store the scale as float");
    }
    if (scale.isEmpty()) {
      add(out, Finding.Severity.ERROR, p, p.scale(), "scale '" + p.scale().name() + "' is computed at run time; "
          + "TensorRT needs Q/DQ scales as constants (weights)", "fold the scale's computation (scalpel fold)");
      return;
    }
    if (!SCALE_TYPES.contains(scale.get().dataType()) || scale.get().dataType() != DataType.FLOAT) {
      return;
    }
    float[] values = floats(scale.get());
    for (float v : values) {
      if (!(v > 0) || Float.isInfinite(v)) {
        add(out, Finding.Severity.ERROR, p, p.scale(), "scale holds " + v + "; scales must be positive and finite",
            "recalibrate: a zero or negative scale cannot dequantize");
        return;
      }
    }
  }

  private void checkZeroPoint(QdqParameters p, List<Finding> out) {
    if (p.zeroPoint() == null) {
      return;
    }
    Optional<Tensor> zero = Constants.of(p.zeroPoint());
    if (zero.isPresent() && !allZero(zero.get())) {
      add(out, Finding.Severity.ERROR, p, p.zeroPoint(), "non-zero zero point; TensorRT supports symmetric quantization only",
          "requantize symmetrically (zero point 0)");
    }
    Optional<long[]> zd = p.zeroPointDims();
    Optional<long[]> sd = p.scaleDims();
    // NOTE: a scalar and a one-element vector both mean per-tensor (ONNX Runtime's quantizer
    // writes [1] scales with scalar zero points for biases); only a real mismatch is reported.
    if (zd.isPresent() && sd.isPresent() && !Arrays.equals(zd.get(), sd.get())
        && !(oneElement(zd.get()) && oneElement(sd.get()))) {
      add(out, Finding.Severity.ERROR, p, p.zeroPoint(), "zero point shape " + Arrays.toString(zd.get())
          + " differs from the scale's " + Arrays.toString(sd.get()), "give the zero point the scale's shape");
    }
  }

  private void checkGranularity(QdqParameters p, List<Finding> out) {
    QdqParameters.Granularity g = p.granularity();
    if (g == QdqParameters.Granularity.PER_AXIS) {
      Optional<Integer> axis = p.resolvedAxis();
      Optional<long[]> dims = p.dataDims();
      long channels = p.scaleDims().orElseThrow()[0];
      if (axis.isEmpty() && dims.isPresent()) {
        add(out, Finding.Severity.ERROR, p, p.scale(), "axis " + p.axis() + " is outside the data's rank " + dims.get().length,
            "set axis to the output-channel axis");
        return;
      }
      if (axis.isPresent() && dims.isPresent() && dims.get()[axis.get()] != channels) {
        add(out, Finding.Severity.ERROR, p, p.scale(), channels + " scales for the " + dims.get()[axis.get()]
            + " indices of axis " + axis.get(), "one scale per index of the quantization axis");
        return;
      }
    }
    if (!isWeightPath(p)) {
      if (g == QdqParameters.Granularity.PER_AXIS || g == QdqParameters.Granularity.BLOCKED) {
        add(out, Finding.Severity.ERROR, p, p.quantized(), "activation quantized per " + (g == QdqParameters.Granularity.BLOCKED
            ? "block" : "axis") + "; TensorRT quantizes activations per tensor", "use one scale for activations");
      }
      return;
    }
    if (!p.isDequantize()) {
      return; // the weight's DQ (this Q's reader) is where the consumer is checked
    }
    for (Node consumer : p.node().output(0).consumers()) {
      Optional<Integer> expected = weightAxis(consumer, p.node().output(0), p.dataDims().map(d -> d.length));
      if (expected.isEmpty()) {
        continue;
      }
      if (g == QdqParameters.Granularity.PER_TENSOR) {
        add(out, Finding.Severity.WARNING, p, p.quantized(), "weights of " + consumer.describe()
            + " quantized per tensor; per output channel (axis " + expected.get() + ") keeps more accuracy",
            "quantize weights per channel (quantize_static: per_channel=True)");
      } else if (g == QdqParameters.Granularity.PER_AXIS && p.resolvedAxis().isPresent()
          && !p.resolvedAxis().get().equals(expected.get())) {
        add(out, Finding.Severity.ERROR, p, p.quantized(), "weights of " + consumer.describe() + " quantized along axis "
            + p.resolvedAxis().get() + "; TensorRT needs the output-channel axis " + expected.get(),
            "requantize the weights per output channel along axis " + expected.get());
      }
    }
  }

  /**
   * The output-channel axis of the weight input {@code w} of {@code consumer}, if it is a weight
   * input of a Conv, ConvTranspose, MatMul or Gemm.
   */
  private static Optional<Integer> weightAxis(Node consumer, Value w, Optional<Integer> rank) {
    if (!consumer.isDefaultDomain() || consumer.inputs().size() < 2 || consumer.input(1) != w) {
      return Optional.empty();
    }
    return switch (consumer.opType()) {
      case "Conv" -> Optional.of(0);
      case "ConvTranspose" -> Optional.of(1);
      case "Gemm" -> Optional.of(consumer.intAttribute("transB", 0) != 0 ? 0 : 1);
      case "MatMul" -> rank.filter(r -> r >= 1).map(r -> r - 1);
      default -> Optional.empty();
    };
  }

  /** Whether the quantized tensor is weights: a constant, or a Q of a constant (fake-quantized weights). */
  private static boolean isWeightPath(QdqParameters p) {
    if (p.quantizesWeights()) {
      return true;
    }
    Node producer = p.isDequantize() ? p.quantized().producer() : null;
    return producer != null && QdqNodes.isQuantize(producer) && Constants.isStored(producer.input(0));
  }

  /**
   * Whether {@code dims} hold exactly one element. NOTE: every dim 1, not a product equal to 1: a
   * product of huge dims can wrap to 1.
   */
  private static boolean oneElement(long[] dims) {
    return Arrays.stream(dims).allMatch(d -> d == 1);
  }

  private static float[] floats(Tensor t) {
    ByteBuffer b = t.data().slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getFloat(4 * i);
    }
    return out;
  }

  private static boolean allZero(Tensor t) {
    ByteBuffer b = t.data();
    for (int i = b.position(); i < b.limit(); i++) {
      if (b.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private void add(List<Finding> out, Finding.Severity severity, QdqParameters p, Value tensor, String message, String hint) {
    out.add(Finding.of(id(), severity, p.node().describe(), tensor == null ? "" : tensor.name(), message, hint));
  }
}
