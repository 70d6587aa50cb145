package dev.scalpel.runtime.simplify;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.traverse.ModelSummary;
import dev.scalpel.opset.quant.QdqNodes;
import dev.scalpel.opset.quant.QuantizationSummary;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sizes a simplification report compares: nodes, initializers, parameters, weight bytes, the
 * node count of each operator and the model's quantization (Q and DQ nodes, quantized weights), so
 * a report shows that quantization survived. Counts cover the main graph and its subgraphs. Measuring reads
 * no tensor data and serializes nothing, so it is cheap for models of any size.
 *
 * @param nodes nodes of all graphs
 * @param initializers dense and sparse initializers of all graphs
 * @param parameters elements of all initializers
 * @param weightBytes bytes of initializer data, inline and external
 * @param operators node count per qualified operator name, most frequent first
 * @param quantizeNodes QuantizeLinear nodes (default and com.microsoft domains, {@link QdqNodes})
 * @param dequantizeNodes DequantizeLinear nodes (likewise)
 * @param quantizedWeights constant quantized tensors a DequantizeLinear reads ({@link QuantizationSummary})
 */
public record ModelStats(int nodes, int initializers, long parameters, long weightBytes,
    Map<String, Integer> operators, int quantizeNodes, int dequantizeNodes, int quantizedWeights) {

  public ModelStats {
    operators = Collections.unmodifiableMap(new LinkedHashMap<>(operators));
  }

  /** Measures {@code model} as it is now. */
  public static ModelStats of(Model model) {
    ModelSummary s = ModelSummary.of(model);
    Map<String, Integer> ops = new LinkedHashMap<>();
    for (ModelSummary.OpCount c : s.operators()) {
      ops.merge(c.qualifiedName(), c.count(), Integer::sum);
    }
    QuantizationSummary q = QuantizationSummary.of(model);
    return new ModelStats(s.totalNodeCount(), s.initializerCount(), s.parameterCount(), s.weightBytes(), ops,
        q.quantizeNodes(), q.dequantizeNodes(), q.quantizedWeights());
  }
}
