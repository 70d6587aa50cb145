package dev.scalpel.opset.infer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What inference knows about the values of a small integer tensor (rank 0 or 1), such as a
 * shape computed by {@code Shape → Gather → Concat}: one {@link SymExpr} per element, null where
 * an element is unknown. This is how a Reshape whose target is computed from Shape gets an exact
 * output shape. Immutable.
 *
 * @param elements the element values in order; null entries are unknown
 * @param scalar whether the tensor is a scalar (then there is exactly one element)
 */
public record PartialValue(List<SymExpr> elements, boolean scalar) {
  public PartialValue {
    elements = Collections.unmodifiableList(new ArrayList<>(elements));
    if (scalar && elements.size() != 1) {
      throw new IllegalArgumentException("a scalar has one element");
    }
  }

  public static PartialValue vector(List<SymExpr> elements) {
    return new PartialValue(elements, false);
  }

  public static PartialValue scalar(SymExpr value) {
    return new PartialValue(Collections.singletonList(value), true);
  }

  /** The values of a shape as a 1-D tensor (what {@code Shape} produces). */
  public static PartialValue of(SymShape shape) {
    return vector(shape.dims());
  }

  public int size() {
    return elements.size();
  }

  public SymExpr get(int i) {
    return elements.get(i);
  }

  public boolean isFullyKnown() {
    return elements.stream().allMatch(e -> e != null);
  }

  /** The shape of this value as a tensor: [] or [n]. */
  public SymShape tensorShape() {
    return scalar ? SymShape.scalar() : SymShape.ofStatic(elements.size());
  }
}
