package dev.scalpel.passes.shape;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.infer.SymExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code Reshape(Transpose(Reshape(x, merge), perm), split)} that only moves whole groups of x's
 * axes is {@code Transpose(x, perm')}: exporters write a batched matrix transpose this way
 * ({@code [b,h,s,d] → [b*h,s,d] → [b*h,d,s] → [b,h,d,s]}).
 *
 * <p>Proof obligations, on the dims inference left on x, the merged value A and the result y (all
 * known): A's dims are the products of consecutive groups of x's dims, found left to right (a group
 * may be empty for a size-1 dim of A; trailing static 1s of x join the last group); y's dims are
 * the groups' dims in the order the Transpose puts A's dims. Then y reads x's elements with x's
 * axes permuted group by group. The two intermediate values must have no other reader, and y must
 * not be a graph output.
 */
final class TransposeThroughReshapes {
  private TransposeThroughReshapes() {}

  /** Rewrites the outer Reshape {@code outer} if the pattern holds; true if it did. */
  static boolean rewrite(Graph g, Node outer) {
    Value y = outer.output(0);
    Node tr = producer(outer.input(0), "Transpose");
    Node inner = tr == null ? null : producer(tr.input(0), "Reshape");
    if (inner == null || y.isGraphOutput() || outer.input(0).uses().size() != 1 || tr.input(0).uses().size() != 1
        || outer.input(0).isGraphOutput() || tr.input(0).isGraphOutput()) {
      return false;
    }
    Value x = inner.input(0);
    Optional<List<SymExpr>> xd = IndexGrids.dims(x);
    Optional<List<SymExpr>> ad = IndexGrids.dims(tr.input(0));
    Optional<List<SymExpr>> yd = IndexGrids.dims(y);
    if (xd.isEmpty() || ad.isEmpty() || yd.isEmpty()) {
      return false;
    }
    Optional<List<List<Integer>>> groups = groups(xd.get(), ad.get());
    int m = ad.get().size();
    Optional<Attribute> permAttr = tr.attribute("perm");
    if (permAttr.isPresent() && !(permAttr.get() instanceof Attribute.IntsAttr)) {
      return false;
    }
    long[] perm = permAttr.map(a -> a.asLongs().stream().mapToLong(Long::longValue).toArray())
        .orElseGet(() -> reversed(m));
    if (groups.isEmpty() || perm.length != m) {
      return false;
    }
    List<Integer> newPerm = new ArrayList<>();
    List<SymExpr> expected = new ArrayList<>();
    for (long p : perm) {
      if (p < 0 || p >= m) {
        return false;
      }
      for (int k : groups.get().get((int) p)) {
        newPerm.add(k);
        expected.add(xd.get().get(k));
      }
    }
    if (!expected.equals(yd.get()) || newPerm.size() != xd.get().size()) {
      return false;
    }
    long[] permArray = newPerm.stream().mapToLong(Integer::longValue).toArray();
    String name = outer.name().isEmpty() ? "transpose" : outer.name() + "_transpose";
    Node t = new Node("", "Transpose", List.of(x), List.of(g.root().freshValueName(name)),
        List.of(Attribute.ofInts("perm", permArray)));
    t.setName(g.root().freshNodeName(name));
    g.insertBefore(outer, t);
    t.output(0).setType(y.type());
    y.replaceAllUsesWith(t.output(0));
    return true;
  }

  /** x's axes grouped so that each group's dims multiply to the matching dim of A. */
  static Optional<List<List<Integer>>> groups(List<SymExpr> x, List<SymExpr> a) {
    List<List<Integer>> out = new ArrayList<>();
    int k = 0;
    for (SymExpr target : a) {
      List<Integer> group = new ArrayList<>();
      SymExpr product = SymExpr.of(1);
      while (!product.equals(target)) {
        if (k == x.size()) {
          return Optional.empty();
        }
        product = product.times(x.get(k));
        group.add(k++);
      }
      out.add(group);
    }
    while (k < x.size() && IndexGrid.isOne(x.get(k)) && !out.isEmpty()) {
      out.get(out.size() - 1).add(k++);
    }
    return k == x.size() ? Optional.of(out) : Optional.empty();
  }

  private static Node producer(Value v, String opType) {
    Node p = v == null ? null : v.producer();
    return p != null && p.isDefaultDomain() && p.opType().equals(opType) ? p : null;
  }

  private static long[] reversed(int m) {
    long[] p = new long[m];
    for (int i = 0; i < m; i++) {
      p[i] = m - 1 - i;
    }
    return p;
  }
}
