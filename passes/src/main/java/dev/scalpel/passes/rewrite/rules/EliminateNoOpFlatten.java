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

/**
 * {@code Flatten(x, axis=1) = x} for x of rank 2 ({@code [d0, d1] → [d0, d1]}); axis −1 is the
 * same axis there. Needs the rank of x, static or dynamic dims alike.
 */
public final class EliminateNoOpFlatten extends RewriteRule {
  public EliminateNoOpFlatten() {
    super("eliminate-noop-flatten", OpId.onnx("Flatten"), OpsetRange.of(1, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Flatten", p.var("x")).named("flatten");
  }

  @Override
  protected MatchResult check(Match m) {
    long rank = Axes.rankOf(m.value("x"));
    if (rank != 2) {
      return MatchResult.fail("'" + m.value("x").name() + "' has rank " + (rank < 0 ? "unknown" : Long.toString(rank)) + ", not 2");
    }
    long axis = m.node("flatten").intAttribute("axis", 1);
    if (axis != 1 && axis != -1) {
      return MatchResult.fail("axis " + axis + " of a rank-2 input changes the shape");
    }
    return MatchResult.success();
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(m.value("x"));
  }
}
