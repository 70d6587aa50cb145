package dev.scalpel.opset.infer;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A tensor shape as inference works with it: one {@link SymExpr} per dim, or null where nothing is
 * known about a dim. Immutable. Converts to and from the IR's {@link Shape}.
 */
public final class SymShape {
  private final List<SymExpr> dims;

  private SymShape(List<SymExpr> dims) {
    this.dims = dims;
  }

  /** @param dims one entry per dim, null for an unknown dim */
  public static SymShape of(List<SymExpr> dims) {
    return new SymShape(Collections.unmodifiableList(new ArrayList<>(dims)));
  }

  public static SymShape of(SymExpr... dims) {
    return of(Arrays.asList(dims));
  }

  public static SymShape ofStatic(long... sizes) {
    List<SymExpr> d = new ArrayList<>(sizes.length);
    for (long s : sizes) {
      d.add(SymExpr.of(s));
    }
    return new SymShape(Collections.unmodifiableList(d));
  }

  public static SymShape scalar() {
    return new SymShape(List.of());
  }

  /** A shape of {@code rank} unknown dims. */
  public static SymShape unknownDims(int rank) {
    return of(Collections.nCopies(rank, (SymExpr) null));
  }

  public static SymShape of(Shape shape) {
    List<SymExpr> d = new ArrayList<>(shape.rank());
    for (Dim dim : shape.dims()) {
      d.add(SymExpr.of(dim).orElse(null));
    }
    return new SymShape(Collections.unmodifiableList(d));
  }

  public Shape toShape() {
    List<Dim> d = new ArrayList<>(dims.size());
    for (SymExpr e : dims) {
      d.add(e == null ? Dim.unknown() : e.toDim());
    }
    return Shape.of(d);
  }

  public int rank() {
    return dims.size();
  }

  /** Dim {@code axis} (negative counts from the end), or null if unknown. */
  public SymExpr dim(int axis) {
    return dims.get(axis < 0 ? axis + dims.size() : axis);
  }

  public List<SymExpr> dims() {
    return dims;
  }

  public boolean isFullyKnown() {
    return dims.stream().allMatch(Objects::nonNull);
  }

  public boolean isStatic() {
    return dims.stream().allMatch(e -> e != null && e.isConstant());
  }

  /** The number of elements, if every dim is known. */
  public SymExpr elementCount() {
    SymExpr n = SymExpr.of(1);
    for (SymExpr e : dims) {
      if (e == null) {
        return null;
      }
      n = n.times(e);
    }
    return n;
  }

  public SymShape withDim(int axis, SymExpr dim) {
    List<SymExpr> d = new ArrayList<>(dims);
    d.set(axis < 0 ? axis + dims.size() : axis, dim);
    return of(d);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SymShape s && dims.equals(s.dims);
  }

  @Override
  public int hashCode() {
    return dims.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < dims.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(dims.get(i) == null ? "?" : dims.get(i));
    }
    return sb.append(']').toString();
  }
}
