package dev.scalpel.passes.resize;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Emits, before an anchor node, the nodes that turn a factor input into a FLOAT scales vector of
 * one entry per dim: scale 1 on the axes not resized, the factor on the resized ones.
 *
 * <p>A scalar factor is reshaped to {@code [1]} and used for every resized axis; a 1-D factor
 * gives entry k to the k-th resized axis. A non-FLOAT factor is cast to FLOAT first. The pieces
 * are joined by one {@code Concat(axis=0)}, so every value is copied, never computed: the scales
 * are exactly the factor's values. Only ops available since opset 5 are used (Cast, Reshape,
 * Gather, Concat), so the same nodes serve Upsample-9 and every Resize.
 */
final class ScalesFromFactor {
  private final Graph graph;
  private final Node anchor;

  ScalesFromFactor(Graph graph, Node anchor) {
    this.graph = graph;
    this.anchor = anchor;
  }

  /**
   * The scales vector for a node of rank {@code rank} resizing {@code axes} (ascending) by
   * {@code factor}, which is a scalar ({@code perAxis} false) or holds one entry per resized axis.
   */
  Value build(Value factor, int rank, int[] axes, boolean perAxis) {
    Value f = factor;
    if (factor.dataType().orElse(DataType.FLOAT) != DataType.FLOAT) {
      f = emit("Cast", List.of(factor), "factor_float", Attribute.of("to", (long) DataType.FLOAT.code()));
    }
    Value single = perAxis ? null : emit("Reshape", List.of(f, constant("factor_shape", DenseTensor.vector("", 1))), "factor_1d");
    List<Value> pieces = new ArrayList<>();
    boolean contiguous = axes.length > 0 && axes[axes.length - 1] - axes[0] == axes.length - 1;
    int ones = 0;
    int k = 0;
    for (int axis = 0; axis < rank; axis++) {
      boolean resized = k < axes.length && axes[k] == axis;
      if (!resized) {
        ones++;
        continue;
      }
      if (ones > 0) {
        pieces.add(ones(ones));
        ones = 0;
      }
      if (!perAxis) {
        pieces.add(single);
      } else if (contiguous) {
        if (k == 0) {
          pieces.add(f);
        }
      } else {
        pieces.add(emit("Gather", List.of(f, constant("factor_index", DenseTensor.vector("", k))), "factor_" + axis,
            Attribute.of("axis", 0L)));
      }
      k++;
    }
    if (ones > 0) {
      pieces.add(ones(ones));
    }
    return pieces.size() == 1
        ? pieces.get(0)
        : emit("Concat", pieces, "scales", Attribute.of("axis", 0L));
  }

  private Value ones(int n) {
    float[] values = new float[n];
    Arrays.fill(values, 1f);
    return constant("scale_ones", DenseTensor.ofFloats("", new long[] {n}, values));
  }

  private Value constant(String hint, DenseTensor tensor) {
    return graph.addInitializer(hint, tensor);
  }

  private Value emit(String opType, List<Value> inputs, String outputHint, Attribute... attributes) {
    Node node = new Node(null, opType, inputs, List.of(graph.freshValueName(outputHint)), List.of(attributes));
    node.setName(graph.freshNodeName(opType + "_" + outputHint));
    graph.insertBefore(anchor, node);
    return node.output(0);
  }
}
