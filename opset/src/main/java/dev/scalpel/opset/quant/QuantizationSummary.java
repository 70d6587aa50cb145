package dev.scalpel.opset.quant;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A model's QDQ quantization at a glance, over the main graph and its subgraphs. A quantized
 * tensor is a value that a DequantizeLinear reads or a QuantizeLinear writes, counted once however
 * many Q/DQ nodes touch it; its type and granularity are those the first such node gives
 * ({@link QdqParameters}).
 *
 * @param quantizeNodes QuantizeLinear nodes
 * @param dequantizeNodes DequantizeLinear nodes
 * @param quantizedTensors distinct quantized tensors
 * @param quantizedWeights those of them that are constants (quantized initializers)
 * @param byType quantized tensors per element type ("int8", "float8e4m3fn", "unknown"...), by name
 * @param perTensor quantized tensors with one scale
 * @param perAxis quantized tensors with one scale per index of an axis (per channel)
 * @param blocked quantized tensors with blocked scales
 */
public record QuantizationSummary(int quantizeNodes, int dequantizeNodes, int quantizedTensors,
    int quantizedWeights, Map<String, Integer> byType, int perTensor, int perAxis, int blocked) {

  public QuantizationSummary {
    byType = Collections.unmodifiableMap(new TreeMap<>(byType));
  }

  /** Measures {@code model}; reads constants' headers (types and dims), never their data. */
  public static QuantizationSummary of(Model model) {
    int q = 0;
    int dq = 0;
    int weights = 0;
    int perTensor = 0;
    int perAxis = 0;
    int blocked = 0;
    Map<String, Integer> byType = new TreeMap<>();
    Set<Value> seen = new HashSet<>();
    for (Node node : model.graph().allNodes()) {
      if (QdqNodes.isQuantize(node)) {
        q++;
      } else if (QdqNodes.isDequantize(node)) {
        dq++;
      } else {
        continue;
      }
      QdqParameters p = QdqParameters.of(node).orElse(null);
      if (p == null || !seen.add(p.quantized())) {
        continue;
      }
      byType.merge(p.quantizedType().map(QuantizationSummary::typeName).orElse("unknown"), 1, Integer::sum);
      if (p.isDequantize() && p.quantizesWeights()) {
        weights++;
      }
      switch (p.granularity()) {
        case PER_TENSOR -> perTensor++;
        case PER_AXIS -> perAxis++;
        case BLOCKED -> blocked++;
        case UNKNOWN -> { }
      }
    }
    return new QuantizationSummary(q, dq, seen.size(), weights, byType, perTensor, perAxis, blocked);
  }

  /** Whether the model has any Q or DQ node. */
  public boolean isQuantized() {
    return quantizeNodes + dequantizeNodes > 0;
  }

  /** The lower-case ONNX name of a type, as reports print it ({@code int8}, {@code float8e4m3fn}). */
  public static String typeName(DataType t) {
    return t.name().toLowerCase(java.util.Locale.ROOT);
  }
}
