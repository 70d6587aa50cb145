package dev.scalpel.opset.infer;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.ValueType;

/**
 * Compares an inferred type with the one a test declares, the two ways the conformance harness
 * measures: {@link #unsound} (the inference claims something the declaration contradicts) and
 * {@link #inexact} (the inference does not say everything the declaration says).
 */
public final class DeclaredTypeComparison {
  private DeclaredTypeComparison() {}

  /**
   * What in {@code inferred} contradicts {@code declared}, or null: a different kind or element
   * type, a different rank, a static dim other than the declared static dim.
   */
  public static String unsound(ValueType declared, ValueType inferred) {
    if (declared == null || inferred == null || declared instanceof ValueType.UnspecifiedType) {
      return null;
    }
    if (declared instanceof ValueType.TensorType d && inferred instanceof ValueType.TensorType i) {
      if (d.elementType() != DataType.UNDEFINED && i.elementType() != DataType.UNDEFINED
          && d.elementType() != i.elementType()) {
        return "element type " + i.elementType().displayName() + ", declared " + d.elementType().displayName();
      }
      return unsoundShape(d.shape(), i.shape());
    }
    if (declared instanceof ValueType.SequenceType d && inferred instanceof ValueType.SequenceType i) {
      return unsound(d.elementType(), i.elementType());
    }
    if (declared instanceof ValueType.OptionalType d && inferred instanceof ValueType.OptionalType i) {
      return unsound(d.elementType(), i.elementType());
    }
    return declared.getClass() == inferred.getClass() ? null : "inferred " + inferred + ", declared " + declared;
  }

  private static String unsoundShape(Shape declared, Shape inferred) {
    if (declared == null || inferred == null) {
      return null;
    }
    if (declared.rank() != inferred.rank()) {
      return "shape " + inferred + ", declared " + declared + " (rank)";
    }
    for (int k = 0; k < declared.rank(); k++) {
      if (declared.dim(k) instanceof Dim.Static d && inferred.dim(k) instanceof Dim.Static i && d.value() != i.value()) {
        return "shape " + inferred + ", declared " + declared;
      }
    }
    return null;
  }

  /**
   * What {@code inferred} fails to say of {@code declared}, or null when it says all of it: same
   * kinds and element types, same ranks, every declared static dim inferred as that number.
   */
  public static String inexact(ValueType declared, ValueType inferred) {
    if (inferred == null) {
      return "not inferred";
    }
    String unsound = unsound(declared, inferred);
    if (unsound != null) {
      return unsound;
    }
    if (declared instanceof ValueType.TensorType d && inferred instanceof ValueType.TensorType i) {
      if (i.elementType() != d.elementType()) {
        return "element type " + i.elementType().displayName() + ", declared " + d.elementType().displayName();
      }
      if (d.shape() == null) {
        return null;
      }
      if (i.shape() == null) {
        return "rank unknown, declared " + d.shape();
      }
      for (int k = 0; k < d.shape().rank(); k++) {
        if (d.shape().dim(k) instanceof Dim.Static && !(i.shape().dim(k) instanceof Dim.Static)) {
          return "shape " + i.shape() + ", declared " + d.shape();
        }
      }
      return null;
    }
    if (declared instanceof ValueType.SequenceType d && inferred instanceof ValueType.SequenceType i) {
      return d.elementType() == null ? null : inexact(d.elementType(), i.elementType());
    }
    if (declared instanceof ValueType.OptionalType d && inferred instanceof ValueType.OptionalType i) {
      return d.elementType() == null ? null : inexact(d.elementType(), i.elementType());
    }
    return null;
  }
}
