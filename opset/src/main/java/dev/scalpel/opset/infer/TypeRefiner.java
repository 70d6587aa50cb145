package dev.scalpel.opset.infer;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges an inferred type into what a value already declares, only ever refining: an unknown
 * element type, rank or dim may become known, a symbolic dim may become static, but nothing
 * known is replaced by something less specific or different. Disagreements are conflicts, and
 * the declared side is kept.
 */
final class TypeRefiner {
  private TypeRefiner() {}

  /** The merged type and, when the two disagree, what the conflict is (else null). */
  record Refinement(ValueType type, String conflict) {}

  static Refinement refine(ValueType declared, ValueType inferred) {
    if (inferred == null) {
      return new Refinement(declared, null);
    }
    if (declared == null || declared instanceof ValueType.UnspecifiedType) {
      return new Refinement(inferred, null);
    }
    if (!(declared instanceof ValueType.TensorType d) || !(inferred instanceof ValueType.TensorType i)) {
      boolean sameKind = declared.getClass() == inferred.getClass();
      return new Refinement(declared, sameKind ? null : "declared " + declared + ", inferred " + inferred);
    }
    String conflict = null;
    DataType type = d.elementType();
    if (type == DataType.UNDEFINED) {
      type = i.elementType();
    } else if (i.elementType() != DataType.UNDEFINED && i.elementType() != type) {
      conflict = "declared element type " + type.displayName() + ", inferred " + i.elementType().displayName();
    }
    Shape shape = d.shape();
    if (shape == null) {
      shape = i.shape();
    } else if (i.shape() != null) {
      if (shape.rank() != i.shape().rank()) {
        conflict = join(conflict, "declared rank " + shape.rank() + " " + shape + ", inferred " + i.shape());
      } else {
        List<Dim> merged = new ArrayList<>(shape.rank());
        for (int k = 0; k < shape.rank(); k++) {
          Dim a = shape.dim(k);
          Dim b = i.shape().dim(k);
          if (a instanceof Dim.Static sa && b instanceof Dim.Static sb && sa.value() != sb.value()) {
            conflict = join(conflict, "dim " + k + " declared " + sa.value() + ", inferred " + sb.value());
            merged.add(a);
          } else if (a instanceof Dim.Unknown || (a instanceof Dim.Symbolic && b instanceof Dim.Static)) {
            merged.add(b);
          } else {
            merged.add(a);
          }
        }
        shape = shape.hasDenotations() ? Shape.withDenotations(merged, denotations(shape)) : Shape.of(merged);
      }
    }
    return new Refinement(new ValueType.TensorType(type, shape, d.denotation()), conflict);
  }

  private static List<String> denotations(Shape s) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < s.rank(); k++) {
      out.add(s.denotation(k));
    }
    return out;
  }

  private static String join(String a, String b) {
    return a == null ? b : a + "; " + b;
  }
}
