package dev.scalpel.passes.dims;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.Optional;

/**
 * The integer vectors that shape-like inputs (Reshape targets, Slice ends, Expand shapes) hold
 * when they are constants, and their replacement by edited copies.
 */
final class ShapeConstants {
  private ShapeConstants() {}

  /**
   * The elements of {@code v} if it is a 1-D INT64/INT32 constant: an initializer that is no graph
   * input, or the output of a {@code Constant} node with a tensor {@code value}.
   */
  static Optional<long[]> vector(Value v) {
    if (v == null) {
      return Optional.empty();
    }
    Optional<Tensor> t = v.constantValue();
    Node p = v.producer();
    if (t.isEmpty() && p != null && p.isDefaultDomain() && p.opType().equals("Constant")) {
      t = p.attribute("value").filter(a -> a instanceof Attribute.TensorAttr).map(Attribute::asTensor);
    }
    if (t.isEmpty() || t.get().dims().length != 1
        || (t.get().dataType() != DataType.INT64 && t.get().dataType() != DataType.INT32)) {
      return Optional.empty();
    }
    return Optional.of(t.get().toLongArray());
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

  /** Removes a constant nobody reads any more (an initializer, or a Constant node's output). */
  static void dropIfUnused(Value old) {
    if (old.isUsed() || old.isGraphOutput() || old.isGraphInput()) {
      return;
    }
    if (old.isInitializer()) {
      old.graph().removeInitializer(old);
    } else if (old.producer() != null && old.producer().opType().equals("Constant")) {
      Node p = old.producer();
      p.graph().remove(p);
    }
  }
}
