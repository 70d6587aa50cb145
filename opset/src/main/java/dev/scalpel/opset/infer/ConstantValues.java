package dev.scalpel.opset.infer;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link PartialValue} a small constant tensor holds: every element of an INT64 or INT32
 * tensor; 1 or 0 for each element of a BOOL tensor (as rules such as Equal state computed bools,
 * so a condition folded to a constant is read as it was computed); the whole-number elements of a FLOAT or DOUBLE tensor (others unknown), as a floating
 * value. Tensors of rank above 1 or of more than {@link ShapeInference#MAX_TRACKED_ELEMENTS}
 * elements are not tracked.
 */
public final class ConstantValues {
  private ConstantValues() {}

  public static Optional<PartialValue> of(Tensor t) {
    if (t.dims().length > 1 || t.elementCount() > ShapeInference.MAX_TRACKED_ELEMENTS || t.isExternal()) {
      return Optional.empty();
    }
    boolean scalar = t.dims().length == 0;
    List<SymExpr> elements = new ArrayList<>();
    switch (t.dataType()) {
      case INT64:
      case INT32:
        for (long x : t.toLongArray()) {
          elements.add(SymExpr.of(x));
        }
        return Optional.of(new PartialValue(elements, scalar));
      case BOOL: {
        ByteBuffer b = t.data();
        int p = b.position();
        for (int i = 0; i < t.elementCount(); i++) {
          elements.add(SymExpr.of(b.get(p + i) != 0 ? 1 : 0));
        }
        return Optional.of(new PartialValue(elements, scalar));
      }
      case FLOAT:
      case DOUBLE:
        for (double x : doubles(t)) {
          elements.add(isWhole(x) ? SymExpr.of((long) x) : null);
        }
        return Optional.of(new PartialValue(elements, scalar, true));
      default:
        return Optional.empty();
    }
  }

  private static boolean isWhole(double x) {
    return x == Math.rint(x) && Math.abs(x) <= PartialValue.MAX_EXACT_FLOATING;
  }

  private static double[] doubles(Tensor t) {
    ByteBuffer b = t.data().order(ByteOrder.LITTLE_ENDIAN);
    // NOTE: absolute reads are offset by the position: a tensor read from a file may start mid-buffer.
    int p = b.position();
    double[] out = new double[(int) t.elementCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = t.dataType() == DataType.DOUBLE ? b.getDouble(p + 8 * i) : b.getFloat(p + 4 * i);
    }
    return out;
  }
}
