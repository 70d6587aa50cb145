package dev.scalpel.opset.infer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What inference knows about the values of a small numeric tensor (rank 0 or 1), such as a
 * shape computed by {@code Shape → Gather → Concat}: one {@link SymExpr} per element, null where
 * an element is unknown. This is how a Reshape whose target is computed from Shape gets an exact
 * output shape. Immutable.
 *
 * <p>Most values are of integer tensors. A {@code floating} value is of a floating-point tensor
 * whose known elements are whole numbers small enough to be exact in it (a size cast to float to
 * compute a Range length, say): its arithmetic is that of reals, so it only divides exactly, and
 * {@link InferenceContext#inputValue} keeps it from rules that expect integers.
 *
 * @param elements the element values in order; null entries are unknown
 * @param scalar whether the tensor is a scalar (then there is exactly one element)
 * @param floating whether the tensor has a floating-point element type
 */
public record PartialValue(List<SymExpr> elements, boolean scalar, boolean floating) {
  /**
   * The largest whole number a floating value tracks: every integer up to 2^24 is exact in
   * float32, the narrowest floating type whose values are tracked.
   */
  public static final long MAX_EXACT_FLOATING = 1L << 24;

  public PartialValue {
    elements = Collections.unmodifiableList(new ArrayList<>(elements));
    if (scalar && elements.size() != 1) {
      throw new IllegalArgumentException("a scalar has one element");
    }
  }

  /** The values of an integer tensor. */
  public PartialValue(List<SymExpr> elements, boolean scalar) {
    this(elements, scalar, false);
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

  /**
   * These elements as the values of a tensor of an integer type ({@code floating} false) or a
   * floating-point type; a constant too large to be exact in a floating type becomes unknown.
   */
  public PartialValue as(boolean floatingType) {
    if (!floatingType) {
      return floating ? new PartialValue(elements, scalar, false) : this;
    }
    List<SymExpr> out = new ArrayList<>(elements.size());
    for (SymExpr e : elements) {
      out.add(e != null && e.isConstant() && Math.abs(e.constantValue()) > MAX_EXACT_FLOATING ? null : e);
    }
    return new PartialValue(out, scalar, true);
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
