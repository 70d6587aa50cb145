package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Node;
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
 * {@code Transpose(Transpose(x, p), q) = Transpose(x, r)} with {@code r[i] = p[q[i]]}, and
 * {@code = x} when r is the identity.
 */
public final class MergeConsecutiveTransposes extends RewriteRule {
  public MergeConsecutiveTransposes() {
    super("merge-consecutive-transposes", OpId.onnx("Transpose"), OpsetRange.of(1, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Transpose", p.op("Transpose", p.var("x")).named("first")).named("second");
  }

  @Override
  protected MatchResult check(Match m) {
    Optional<Permutation> p = Permutation.of(m.node("first"));
    Optional<Permutation> q = Permutation.of(m.node("second"));
    if (p.isEmpty() || q.isEmpty()) {
      return MatchResult.fail("a perm is absent (reverse the axes) or not a permutation");
    }
    if (p.get().axes().length != q.get().axes().length) {
      return MatchResult.fail("the perms have different ranks");
    }
    return MatchResult.success().bind("merged", p.get().then(q.get()));
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    Permutation merged = m.binding("merged", Permutation.class);
    if (merged.isIdentity()) {
      return Replacement.of(m.value("x"));
    }
    Node second = m.node("second");
    return Replacement.of(r.op("Transpose", List.of(m.value("x")), List.of(merged.toAttribute()), second.name()));
  }
}
