package dev.scalpel.passes.shape;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.OpTraits;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Which computed values may be replaced on the strength of what inference knows about their
 * elements, and the tensor of one whose elements are all static.
 *
 * <p>A value qualifies when a deterministic default-domain node without subgraphs computes it, its
 * type is a tensor of INT64, INT32 or BOOL with a static shape that matches its partial value
 * (rank 0 for a scalar, [n] for n elements), and the partial value is of integers.
 */
public final class ShapeValues {
  private ShapeValues() {}

  public static boolean qualifies(Value v, PartialValue pv) {
    Node p = v.producer();
    if (p == null || p.opType().equals("Constant") || !p.subgraphs().isEmpty() || !OpTraits.isPure(p)
        || pv.floating()) {
      return false;
    }
    Optional<DataType> type = v.dataType();
    Optional<Shape> shape = v.shape();
    if (type.isEmpty() || shape.isEmpty()
        || (type.get() != DataType.INT64 && type.get() != DataType.INT32 && type.get() != DataType.BOOL)) {
      return false;
    }
    Shape s = shape.get();
    if (pv.scalar()) {
      return s.rank() == 0;
    }
    return s.rank() == 1 && s.dim(0) instanceof Dim.Static d && d.value() == pv.size();
  }

  /** Whether every element is a known constant. */
  public static boolean isStatic(PartialValue pv) {
    return pv.elements().stream().allMatch(e -> e != null && e.isConstant());
  }

  /**
   * The tensor of a static partial value, of {@code v}'s element type and shape; empty when an
   * element does not fit an INT32.
   */
  public static Optional<Tensor> tensor(Value v, PartialValue pv) {
    DataType type = v.dataType().orElseThrow();
    long[] dims = pv.scalar() ? new long[0] : new long[] {pv.size()};
    long[] values = new long[pv.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = pv.get(i).constantValue();
    }
    switch (type) {
      case INT64:
        return Optional.of(DenseTensor.ofLongs(v.name(), dims, values));
      case INT32: {
        int[] ints = new int[values.length];
        for (int i = 0; i < ints.length; i++) {
          if (values[i] != (int) values[i]) {
            return Optional.empty();
          }
          ints[i] = (int) values[i];
        }
        return Optional.of(DenseTensor.ofInts(v.name(), dims, ints));
      }
      default: {
        ByteBuffer b = ByteBuffer.allocate(values.length);
        for (long x : values) {
          b.put((byte) (x != 0 ? 1 : 0));
        }
        b.flip();
        return Optional.of(DenseTensor.wrap(v.name(), DataType.BOOL, dims, b));
      }
    }
  }

  /** Whether two partial values are known to hold the same elements. */
  static boolean sameElements(PartialValue a, PartialValue b) {
    if (a.scalar() != b.scalar() || a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      SymExpr x = a.get(i);
      if (x == null || !x.equals(b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
