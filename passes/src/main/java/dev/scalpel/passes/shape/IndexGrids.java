package dev.scalpel.passes.shape;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the {@link IndexGrid} of integer values: small known values (one element, a constant or a
 * symbolic size), {@code Range}, and {@code Unsqueeze}, {@code Expand}, {@code Add} and {@code Mul}
 * (by a one-element value) of grids. Needs every shape involved known; anything else has no grid.
 */
final class IndexGrids {
  private final ShapeInference.Result inferred;
  private final long opset;
  private final Map<Value, Optional<IndexGrid>> memo = new IdentityHashMap<>();

  IndexGrids(ShapeInference.Result inferred, long opset) {
    this.inferred = inferred;
    this.opset = opset;
  }

  Optional<IndexGrid> of(Value v) {
    Optional<IndexGrid> known = memo.get(v);
    if (known != null) {
      return known;
    }
    Optional<IndexGrid> g = compute(v);
    memo.put(v, g);
    return g;
  }

  private Optional<IndexGrid> compute(Value v) {
    Optional<List<SymExpr>> dims = dims(v);
    DataType type = v.dataType().orElse(DataType.UNDEFINED);
    if (dims.isEmpty() || (type != DataType.INT64 && type != DataType.INT32)) {
      return Optional.empty();
    }
    Optional<PartialValue> pv = inferred.valueOf(v);
    if (pv.isPresent() && pv.get().size() == 1 && pv.get().get(0) != null && !pv.get().floating()) {
      return Optional.of(new IndexGrid(dims.get(), zeros(dims.get().size()), pv.get().get(0)));
    }
    Node p = v.producer();
    if (p == null || !p.isDefaultDomain() || v.outputIndex() != 0) {
      return Optional.empty();
    }
    switch (p.opType()) {
      case "Range":
        return range(p, dims.get());
      case "Unsqueeze":
        return unsqueeze(p, dims.get());
      case "Expand":
        return expand(p, dims.get());
      case "Add":
        return add(p, dims.get());
      case "Mul":
        return mul(p, dims.get());
      default:
        return Optional.empty();
    }
  }

  private Optional<IndexGrid> range(Node p, List<SymExpr> dims) {
    Optional<SymExpr> start = scalar(p.input(0));
    Optional<SymExpr> delta = scalar(p.input(2));
    if (start.isEmpty() || delta.isEmpty() || dims.size() != 1) {
      return Optional.empty();
    }
    return Optional.of(new IndexGrid(dims, List.of(delta.get()), start.get()));
  }

  private Optional<IndexGrid> unsqueeze(Node p, List<SymExpr> dims) {
    Optional<IndexGrid> in = of(p.input(0));
    Optional<long[]> axes = axes(p);
    if (in.isEmpty() || axes.isEmpty()) {
      return Optional.empty();
    }
    int rank = dims.size();
    boolean[] inserted = new boolean[rank];
    for (long a : axes.get()) {
      int k = (int) (a < 0 ? a + rank : a);
      if (k < 0 || k >= rank || inserted[k]) {
        return Optional.empty();
      }
      inserted[k] = true;
    }
    List<SymExpr> strides = new ArrayList<>();
    int j = 0;
    for (int k = 0; k < rank; k++) {
      if (inserted[k]) {
        strides.add(SymExpr.of(0));
      } else {
        if (j >= in.get().rank() || !in.get().dims().get(j).equals(dims.get(k))) {
          return Optional.empty();
        }
        strides.add(in.get().strides().get(j++));
      }
    }
    return j == in.get().rank() ? Optional.of(new IndexGrid(dims, strides, in.get().offset())) : Optional.empty();
  }

  private Optional<IndexGrid> expand(Node p, List<SymExpr> dims) {
    Optional<IndexGrid> in = of(p.input(0));
    return in.flatMap(g -> broadcastStrides(g, dims)).map(s -> new IndexGrid(dims, s, in.get().offset()));
  }

  private Optional<IndexGrid> add(Node p, List<SymExpr> dims) {
    Optional<IndexGrid> a = of(p.input(0));
    Optional<IndexGrid> b = of(p.input(1));
    if (a.isEmpty() || b.isEmpty()) {
      return Optional.empty();
    }
    Optional<List<SymExpr>> sa = broadcastStrides(a.get(), dims);
    Optional<List<SymExpr>> sb = broadcastStrides(b.get(), dims);
    if (sa.isEmpty() || sb.isEmpty()) {
      return Optional.empty();
    }
    List<SymExpr> s = new ArrayList<>();
    for (int k = 0; k < dims.size(); k++) {
      s.add(sa.get().get(k).plus(sb.get().get(k)));
    }
    return Optional.of(new IndexGrid(dims, s, a.get().offset().plus(b.get().offset())));
  }

  private Optional<IndexGrid> mul(Node p, List<SymExpr> dims) {
    for (int side = 0; side < 2; side++) {
      Optional<SymExpr> factor = oneElement(p.input(1 - side));
      Optional<IndexGrid> g = of(p.input(side));
      if (factor.isPresent() && g.isPresent() && g.get().dims().equals(dims)) {
        List<SymExpr> s = new ArrayList<>();
        g.get().strides().forEach(x -> s.add(x.times(factor.get())));
        return Optional.of(new IndexGrid(dims, s, g.get().offset().times(factor.get())));
      }
    }
    return Optional.empty();
  }

  /** The grid's strides on the axes of a broadcast to {@code dims}: 0 where it is broadcast. */
  private static Optional<List<SymExpr>> broadcastStrides(IndexGrid g, List<SymExpr> dims) {
    int shift = dims.size() - g.rank();
    if (shift < 0) {
      return Optional.empty();
    }
    List<SymExpr> s = new ArrayList<>();
    for (int k = 0; k < dims.size(); k++) {
      int j = k - shift;
      if (j < 0 || IndexGrid.isOne(g.dims().get(j))) {
        s.add(SymExpr.of(0));
      } else if (g.dims().get(j).equals(dims.get(k))) {
        s.add(g.strides().get(j));
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(s);
  }

  /** The single element of a rank-0 known value. */
  private Optional<SymExpr> scalar(Value v) {
    return v == null || v.shape().map(Shape::rank).orElse(-1) != 0 ? Optional.empty() : oneElement(v);
  }

  /** The single known element of a value of one element. */
  private Optional<SymExpr> oneElement(Value v) {
    if (v == null) {
      return Optional.empty();
    }
    return inferred.valueOf(v).or(() -> v.constantValue().flatMap(IndexGrids::constantValue))
        .filter(pv -> pv.size() == 1 && !pv.floating() && pv.get(0) != null).map(pv -> pv.get(0));
  }

  private static Optional<PartialValue> constantValue(Tensor t) {
    if ((t.dataType() != DataType.INT64 && t.dataType() != DataType.INT32) || t.elementCount() != 1) {
      return Optional.empty();
    }
    return Optional.of(PartialValue.scalar(SymExpr.of(t.toLongArray()[0])));
  }

  private Optional<long[]> axes(Node p) {
    if (opset < 13) {
      return p.attribute("axes").filter(a -> a instanceof Attribute.IntsAttr)
          .map(a -> a.asLongs().stream().mapToLong(Long::longValue).toArray());
    }
    if (p.inputs().size() < 2 || p.input(1) == null) {
      return Optional.empty();
    }
    return p.input(1).constantValue().filter(t -> t.dataType() == DataType.INT64).map(Tensor::toLongArray);
  }

  static Optional<List<SymExpr>> dims(Value v) {
    Optional<Shape> s = v.shape();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    SymShape sym = SymShape.of(s.get());
    return sym.isFullyKnown() ? Optional.of(sym.dims()) : Optional.empty();
  }

  private static List<SymExpr> zeros(int n) {
    List<SymExpr> z = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      z.add(SymExpr.of(0));
    }
    return z;
  }
}
