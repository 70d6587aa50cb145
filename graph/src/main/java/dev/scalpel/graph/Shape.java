package dev.scalpel.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An immutable tensor shape: a list of {@link Dim}s, optionally with a denotation per dim (such as
 * {@code DATA_BATCH}). Rank 0 is a scalar. An unknown rank is expressed by the absence of a Shape,
 * not by a Shape.
 */
public final class Shape {
  private static final Shape SCALAR = new Shape(List.of(), null);

  private final List<Dim> dims;
  private final List<String> denotations; // null when no dim carries one; else same size as dims

  private Shape(List<Dim> dims, List<String> denotations) {
    this.dims = dims;
    this.denotations = denotations;
  }

  public static Shape of(List<? extends Dim> dims) {
    return dims.isEmpty() ? SCALAR : new Shape(List.copyOf(dims), null);
  }

  public static Shape of(Dim... dims) {
    return of(Arrays.asList(dims));
  }

  /** A fully static shape. */
  public static Shape of(long... sizes) {
    List<Dim> dims = new ArrayList<>(sizes.length);
    for (long s : sizes) {
      dims.add(new Dim.Static(s));
    }
    return of(dims);
  }

  public static Shape scalar() {
    return SCALAR;
  }

  /**
   * A shape whose dims carry denotations; {@code denotations} has one entry per dim, {@code null}
   * where a dim has none.
   */
  public static Shape withDenotations(List<? extends Dim> dims, List<String> denotations) {
    if (denotations.size() != dims.size()) {
      throw new IllegalArgumentException("one denotation per dim expected");
    }
    boolean any = denotations.stream().anyMatch(Objects::nonNull);
    return new Shape(List.copyOf(dims), any ? Collections.unmodifiableList(new ArrayList<>(denotations)) : null);
  }

  public List<Dim> dims() {
    return dims;
  }

  public Dim dim(int axis) {
    return dims.get(axis);
  }

  public int rank() {
    return dims.size();
  }

  /** The denotation of dim {@code axis}, or null. */
  public String denotation(int axis) {
    return denotations == null ? null : denotations.get(axis);
  }

  public boolean hasDenotations() {
    return denotations != null;
  }

  public boolean isStatic() {
    return dims.stream().allMatch(Dim::isStatic);
  }

  /** The sizes of a static shape. @throws IllegalStateException if a dim is not static */
  public long[] staticSizes() {
    long[] sizes = new long[dims.size()];
    for (int i = 0; i < sizes.length; i++) {
      if (!(dims.get(i) instanceof Dim.Static s)) {
        throw new IllegalStateException("dim " + i + " of " + this + " is not static");
      }
      sizes[i] = s.value();
    }
    return sizes;
  }

  /** A copy with dim {@code axis} replaced; denotations are kept. */
  public Shape withDim(int axis, Dim dim) {
    List<Dim> copy = new ArrayList<>(dims);
    copy.set(axis, dim);
    return denotations == null ? of(copy) : withDenotations(copy, denotations);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && dims.equals(s.dims) && Objects.equals(denotations, s.denotations);
  }

  @Override
  public int hashCode() {
    return dims.hashCode() * 31 + Objects.hashCode(denotations);
  }

  /** Renders as {@code [batch,3,224,224]}. */
  @Override
  public String toString() {
    return dims.stream().map(Dim::toString).collect(Collectors.joining(",", "[", "]"));
  }
}
