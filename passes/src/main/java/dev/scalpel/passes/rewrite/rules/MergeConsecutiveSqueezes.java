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

/**
 * {@code Squeeze(Squeeze(x, a1), a2) = Squeeze(x, a)}: a1 names axes of x; axis j of a2 is the
 * j-th axis of x not in a1. Both need explicit axes (absent axes squeeze every 1, which depends on
 * runtime sizes); negative axes need the rank of x. Axes are written in the second node's form.
 */
public final class MergeConsecutiveSqueezes extends RewriteRule {
  public MergeConsecutiveSqueezes() {
    super("merge-consecutive-squeezes", OpId.onnx("Squeeze"), OpsetRange.of(1, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Squeeze", p.op("Squeeze", p.var("x"), p.optionalConstant("axes1")).named("first"),
        p.optionalConstant("axes2")).named("second");
  }

  @Override
  protected MatchResult check(Match m) {
    Optional<long[]> a1 = Axes.of(m.node("first"));
    Optional<long[]> a2 = Axes.of(m.node("second"));
    if (a1.isEmpty() || a2.isEmpty()) {
      return MatchResult.fail("the axes of a Squeeze are absent (squeeze every 1) or not constant");
    }
    long r = Axes.rankOf(m.value("x"));
    Optional<long[]> n1 = Axes.normalized(a1.get(), r);
    Optional<long[]> n2 = Axes.normalized(a2.get(), r < 0 ? -1 : r - a1.get().length);
    if (n1.isEmpty() || n2.isEmpty()) {
      return MatchResult.fail("negative axes and the rank of '" + m.value("x").name() + "' is unknown (or axes repeat)");
    }
    return MatchResult.success().bind("axes", Axes.compose(n1.get(), n2.get()));
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(SqueezeAxesForm.emit(r, m.node("second"), m.value("x"), m.binding("axes", long[].class)));
  }
}
