package dev.scalpel.passes.shape;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.OpId;
import dev.scalpel.passes.rewrite.Match;
import dev.scalpel.passes.rewrite.MatchResult;
import dev.scalpel.passes.rewrite.OpsetRange;
import dev.scalpel.passes.rewrite.Pattern;
import dev.scalpel.passes.rewrite.PatternBuilder;
import dev.scalpel.passes.rewrite.Replacement;
import dev.scalpel.passes.rewrite.RewriteBuilder;
import dev.scalpel.passes.rewrite.RewriteRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code Reshape(Transpose(Reshape(x, merge), perm), split) = Transpose(x, perm')} when it only
 * moves whole groups of x's axes: exporters write a batched matrix transpose this way
 * ({@code [b,h,s,d] → [b*h,s,d] → [b*h,d,s] → [b,h,d,s]}).
 *
 * <p>Proof obligations, on the dims inference left on x, the merged value A and the result y (all
 * known): A's dims are the products of consecutive groups of x's dims, found left to right (a group
 * may be empty for a size-1 dim of A; trailing static 1s of x join the last group); y's dims are
 * the groups' dims in the order the Transpose puts A's dims. Then y reads x's elements with x's
 * axes permuted group by group. (The driver sees to it that the two intermediate values have no
 * other reader and that y is no graph output.)
 */
public final class TransposeThroughReshapes extends RewriteRule {
  public TransposeThroughReshapes() {
    super("transpose-through-reshapes", OpId.onnx("Reshape"), OpsetRange.of(5, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Reshape", p.op("Transpose", p.op("Reshape", p.var("x"), p.var("merge")).named("inner"))
        .named("transpose"), p.var("split")).named("outer");
  }

  @Override
  protected MatchResult check(Match match) {
    Node outer = match.node("outer");
    Node tr = match.node("transpose");
    Value y = outer.output(0);
    Value x = match.value("x");
    Optional<List<SymExpr>> xd = IndexGrids.dims(x);
    Optional<List<SymExpr>> ad = IndexGrids.dims(tr.input(0));
    Optional<List<SymExpr>> yd = IndexGrids.dims(y);
    if (xd.isEmpty() || ad.isEmpty() || yd.isEmpty()) {
      return MatchResult.fail("the dims of x, the merged value and the result are not all known");
    }
    Optional<List<List<Integer>>> groups = groups(xd.get(), ad.get());
    int m = ad.get().size();
    Optional<Attribute> permAttr = tr.attribute("perm");
    if (permAttr.isPresent() && !(permAttr.get() instanceof Attribute.IntsAttr)) {
      return MatchResult.fail("perm is not a list of ints");
    }
    long[] perm = permAttr.map(a -> a.asLongs().stream().mapToLong(Long::longValue).toArray())
        .orElseGet(() -> reversed(m));
    if (groups.isEmpty() || perm.length != m) {
      return MatchResult.fail("the merge does not group whole axes of x");
    }
    List<Integer> newPerm = new ArrayList<>();
    List<SymExpr> expected = new ArrayList<>();
    for (long p : perm) {
      if (p < 0 || p >= m) {
        return MatchResult.fail("perm entry " + p + " out of range");
      }
      for (int k : groups.get().get((int) p)) {
        newPerm.add(k);
        expected.add(xd.get().get(k));
      }
    }
    if (!expected.equals(yd.get()) || newPerm.size() != xd.get().size()) {
      return MatchResult.fail("the split does not restore the moved groups");
    }
    return MatchResult.success().bind("perm", newPerm.stream().mapToLong(Integer::longValue).toArray());
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    Node outer = m.node("outer");
    String name = outer.name().isEmpty() ? "transpose" : outer.name() + "_transpose";
    Value t = r.op("Transpose", List.of(m.value("x")), List.of(Attribute.ofInts("perm", m.binding("perm", long[].class))), name);
    t.setType(outer.output(0).type());
    return Replacement.of(t);
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

  private static long[] reversed(int m) {
    long[] p = new long[m];
    for (int i = 0; i < m; i++) {
      p[i] = m - 1 - i;
    }
    return p;
  }
}
