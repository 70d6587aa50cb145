package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.opset.OpId;
import dev.scalpel.passes.rewrite.Match;
import dev.scalpel.passes.rewrite.MatchResult;
import dev.scalpel.passes.rewrite.OpsetRange;
import dev.scalpel.passes.rewrite.Pattern;
import dev.scalpel.passes.rewrite.PatternBuilder;
import dev.scalpel.passes.rewrite.Replacement;
import dev.scalpel.passes.rewrite.RewriteBuilder;
import dev.scalpel.passes.rewrite.RewriteRule;
import java.util.Optional;

/** {@code Transpose(x, perm=[0, 1, …, n−1]) = x}. */
public final class EliminateNoOpTranspose extends RewriteRule {
  public EliminateNoOpTranspose() {
    super("eliminate-noop-transpose", OpId.onnx("Transpose"), OpsetRange.of(1, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Transpose", p.var("x")).named("transpose");
  }

  @Override
  protected MatchResult check(Match m) {
    Optional<Permutation> perm = Permutation.of(m.node("transpose"));
    if (perm.isEmpty()) {
      return MatchResult.fail("perm is absent (reverse the axes) or not a permutation");
    }
    if (!perm.get().isIdentity()) {
      return MatchResult.fail("perm " + java.util.Arrays.toString(perm.get().axes()) + " moves axes");
    }
    return MatchResult.success();
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(m.value("x"));
  }
}
