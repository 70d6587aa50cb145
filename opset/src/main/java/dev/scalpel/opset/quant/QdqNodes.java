package dev.scalpel.opset.quant;

import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;

/**
 * The one reader of "is this node part of a model's QDQ quantization": {@code QuantizeLinear} and
 * {@code DequantizeLinear} of the default domain or of ONNX Runtime's {@code com.microsoft}
 * domain (which its quantizer uses for int16 and 4-bit types).
 *
 * <p>Invariant kept by folding and rewriting unless the user opts in ({@code --fold-qdq}): every
 * node for which {@link #keptByFolding} holds is left in the graph, because TensorRT builds its
 * INT8/FP8/INT4 layers only from explicit Q/DQ nodes (a {@code DequantizeLinear} between quantized
 * weights and the operator that reads them, a {@code QuantizeLinear → DequantizeLinear} pair on
 * float weights or activations), and ONNX Runtime fuses the same groups into quantized kernels.
 */
public final class QdqNodes {
  /** ONNX Runtime's contrib domain, where its quantizer puts Q/DQ of types the standard opset lacks. */
  public static final String MICROSOFT_DOMAIN = "com.microsoft";

  private QdqNodes() {}

  /** Whether {@code node} is a QuantizeLinear (default or com.microsoft domain). */
  public static boolean isQuantize(Node node) {
    return node != null && node.opType().equals("QuantizeLinear") && isQdqDomain(node);
  }

  /** Whether {@code node} is a DequantizeLinear (default or com.microsoft domain). */
  public static boolean isDequantize(Node node) {
    return node != null && node.opType().equals("DequantizeLinear") && isQdqDomain(node);
  }

  /**
   * Whether folding must leave {@code node} in place: every DequantizeLinear (one whose data is a
   * constant quantized tensor is exactly what folding would otherwise turn into float weights),
   * and a QuantizeLinear that some DequantizeLinear reads (a fake-quant pair: folding the Q alone
   * would still change a float-weight Q→DQ into an int8-weight DQ, which the exporter did not write).
   * A QuantizeLinear that no DequantizeLinear reads only computes an integer tensor and may fold.
   */
  public static boolean keptByFolding(Node node) {
    if (isDequantize(node)) {
      return true;
    }
    if (!isQuantize(node) || node.outputs().isEmpty() || node.output(0) == null) {
      return false;
    }
    Value q = node.output(0);
    return q.consumers().stream().anyMatch(QdqNodes::isDequantize);
  }

  private static boolean isQdqDomain(Node node) {
    return node.isDefaultDomain() || node.domain().equals(MICROSOFT_DOMAIN);
  }
}
