package dev.scalpel.passes.dims;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.eval.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The integer vectors that shape-like inputs (Reshape targets, Slice ends, Expand shapes) hold
 * when they are constants, and their replacement by edited copies.
 */
final class ShapeConstants {
  /** The largest intermediate tensor evaluated for a computed constant. */
  static final long MAX_ELEMENTS = 4096;
  /** How many nodes back the evaluation of a computed constant may reach. */
  static final int MAX_NODES = 64;

  private ShapeConstants() {}

  /**
   * The data of {@code v} if it is a constant ({@link dev.scalpel.graph.Constants#of}) or a small
   * tensor computed from constants alone, evaluated with the Java kernels ({@link
   * Kernels#evaluateFromConstants}, within {@link #MAX_ELEMENTS} and {@link #MAX_NODES}). Nothing
   * is evaluated that depends on a graph input ({@link InputIndependence}).
   *
   * @param opset the model's default-domain opset version, for evaluating computed constants
   */
  static Optional<Tensor> tensor(Value v, long opset) {
    if (v == null || !InputIndependence.isConstantOnly(v)) {
      return Optional.empty();
    }
    return Kernels.standard().evaluateFromConstants(v, opset, MAX_ELEMENTS, MAX_NODES);
  }

  /**
   * The elements of {@code v} if it is a 1-D INT64/INT32 constant: an initializer that is no graph
   * input, the output of a {@code Constant} node, or computed from such constants alone ({@link
   * #tensor}).
   *
   * @param opset the model's default-domain opset version, for evaluating computed constants
   */
  static Optional<long[]> vector(Value v, long opset) {
    if (v == null) {
      return Optional.empty();
    }
    return tensor(v, opset).filter(t -> t.dims().length == 1).flatMap(Tensor::longsIfInteger);
  }

  /**
   * Makes input {@code index} of {@code node} read a new initializer holding {@code values} (in
   * the element type of the old input), and drops the old constant if nothing else reads it.
   * NOTE: a new constant rather than an edit in place, because the old one may have other readers.
   */
  static Value replace(Node node, int index, long[] values) {
    Value old = node.input(index);
    DataType type = old.dataType().orElse(DataType.INT64);
    Tensor t;
    if (type == DataType.INT32) {
      int[] ints = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        ints[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, values[i]));
      }
      t = DenseTensor.ofInts("", new long[] {values.length}, ints);
    } else {
      t = DenseTensor.ofLongs("", new long[] {values.length}, values);
    }
    Graph g = node.graph();
    Value fresh = g.addInitializer(old.name() + "_dynamic", t);
    node.replaceInput(index, fresh);
    dropIfUnused(old);
    return fresh;
  }

  /**
   * Removes a constant nobody reads any more: an initializer, or the node that computed it from
   * constants (and, the same way, the nodes before it that nothing else reads).
   * NOTE: only constant-only values reach here, so no removed node reads an input or has effects.
   */
  static void dropIfUnused(Value old) {
    if (old.isUsed() || old.isGraphOutput() || old.isGraphInput()) {
      return;
    }
    if (old.isInitializer()) {
      old.graph().removeInitializer(old);
      return;
    }
    Node p = old.producer();
    if (p == null || p.outputs().stream().anyMatch(o -> o.isUsed() || o.isGraphOutput())) {
      return;
    }
    List<Value> inputs = new ArrayList<>(p.inputs());
    p.graph().remove(p);
    for (Value in : inputs) {
      if (in != null) {
        dropIfUnused(in);
      }
    }
  }
}
