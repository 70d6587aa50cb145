package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.opset.OpId;
import dev.scalpel.passes.rewrite.Match;
import dev.scalpel.passes.rewrite.MatchResult;
import dev.scalpel.passes.rewrite.OpsetRange;
import dev.scalpel.passes.rewrite.Pattern;
import dev.scalpel.passes.rewrite.PatternBuilder;
import dev.scalpel.passes.rewrite.Replacement;
import dev.scalpel.passes.rewrite.RewriteBuilder;
import dev.scalpel.passes.rewrite.RewriteRule;
import java.util.List;
import java.util.Optional;

/**
 * {@code Reshape(Transpose(Reshape(x, ·), p), ·) = Transpose(x, q)} when the first Reshape only
 * merges x's leading k axes into one, the Transpose keeps that merged axis in front ({@code p[0] =
 * 0}) and the last Reshape splits it back into the same k axes. The exporters write a batched
 * matrix transpose {@code [b, h, s, d] → [b·h, s, d] → [b·h, d, s] → [b, h, d, s]} this way. Then
 * {@code q = [0, …, k−1, p[1]−1+k, …]}.
 *
 * <p>Proved from the inferred shapes, whatever computes the Reshape targets: with X = shape(x), A
 * the first result (rank m, so k = rank(X) − m + 1 ≥ 1), Y the last result: A[1:] = X[k:] (then
 * A[0] = ∏X[:k] by the element count, and the first Reshape is x's row-major view), Y[:k] = X[:k]
 * and Y[k:] = (A permuted by p)[1:]. Dims compare equal when both are the same static size or the
 * same symbol; an unknown dim never matches. With a zero-sized dim every tensor is empty and the
 * shapes still agree.
 */
public final class ReshapeTransposeReshapeToTranspose extends RewriteRule {
  public ReshapeTransposeReshapeToTranspose() {
    super("reshape-transpose-reshape-to-transpose", OpId.onnx("Reshape"), OpsetRange.of(5, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Reshape", p.op("Transpose", p.op("Reshape", p.var("x"), p.var("s1")).named("first")).named("transpose"),
        p.var("s2")).named("last");
  }

  @Override
  protected MatchResult check(Match m) {
    Optional<Shape> xs = m.value("x").shape();
    Optional<Shape> as = m.node("first").output(0).shape();
    Optional<Shape> ys = m.node("last").output(0).shape();
    Optional<Permutation> perm = Permutation.of(m.node("transpose"));
    if (xs.isEmpty() || as.isEmpty() || ys.isEmpty() || perm.isEmpty()) {
      return MatchResult.fail("a shape or the perm is unknown");
    }
    Shape x = xs.get();
    Shape a = as.get();
    Shape y = ys.get();
    long[] p = perm.get().axes();
    int n = x.rank();
    int rankA = a.rank();
    int k = n - rankA + 1;
    if (rankA < 2 || k < 1 || y.rank() != n || p.length != rankA || p[0] != 0) {
      return MatchResult.fail("shapes " + x + " → " + a + " → " + y + " with perm " + java.util.Arrays.toString(p)
          + " do not merge and split the leading axes around a transpose of the rest");
    }
    for (int j = 1; j < rankA; j++) {
      if (!same(a.dim(j), x.dim(k + j - 1))) {
        return MatchResult.fail("the first Reshape " + x + " → " + a + " does not only merge the leading " + k + " axes");
      }
      if (!same(y.dim(k + j - 1), a.dim((int) p[j]))) {
        return MatchResult.fail("the last Reshape result " + y + " is not the transposed " + a + " split back");
      }
    }
    for (int i = 0; i < k; i++) {
      if (!same(y.dim(i), x.dim(i))) {
        return MatchResult.fail("the last Reshape does not restore the leading axes " + x + " → " + y);
      }
    }
    long[] q = new long[n];
    for (int i = 0; i < k; i++) {
      q[i] = i;
    }
    for (int j = 1; j < rankA; j++) {
      q[k + j - 1] = p[j] - 1 + k;
    }
    return MatchResult.success().bind("perm", q);
  }

  private static boolean same(Dim a, Dim b) {
    return !(a instanceof Dim.Unknown) && a.equals(b);
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(r.op("Transpose", List.of(m.value("x")),
        List.of(Attribute.ofInts("perm", m.binding("perm", long[].class))), m.node("transpose").name()));
  }
}
