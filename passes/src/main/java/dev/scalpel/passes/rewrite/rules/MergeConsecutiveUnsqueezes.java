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
 * {@code Unsqueeze(Unsqueeze(x, a1), a2) = Unsqueeze(x, a)}: the second inserts its axes a2 into
 * the final result; the first's axes a1 are positions among the remaining (old) axes of the
 * result, so axis i of a1 lands on the i-th position not in a2. Negative axes need the rank of x.
 * Axes are written in the second node's form (attribute before opset 13, input from 13).
 */
public final class MergeConsecutiveUnsqueezes extends RewriteRule {
  public MergeConsecutiveUnsqueezes() {
    super("merge-consecutive-unsqueezes", OpId.onnx("Unsqueeze"), OpsetRange.of(1, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Unsqueeze", p.op("Unsqueeze", p.var("x"), p.optionalConstant("axes1")).named("first"),
        p.optionalConstant("axes2")).named("second");
  }

  @Override
  protected MatchResult check(Match m) {
    Optional<long[]> a1 = Axes.of(m.node("first"));
    Optional<long[]> a2 = Axes.of(m.node("second"));
    if (a1.isEmpty() || a2.isEmpty()) {
      return MatchResult.fail("the axes of an Unsqueeze are not constant");
    }
    long r = Axes.rankOf(m.value("x"));
    long r1 = r < 0 ? -1 : r + a1.get().length;
    long r2 = r1 < 0 ? -1 : r1 + a2.get().length;
    Optional<long[]> n1 = Axes.normalized(a1.get(), r1);
    Optional<long[]> n2 = Axes.normalized(a2.get(), r2);
    if (n1.isEmpty() || n2.isEmpty()) {
      return MatchResult.fail("negative axes and the rank of '" + m.value("x").name() + "' is unknown (or axes repeat)");
    }
    return MatchResult.success().bind("axes", Axes.compose(n2.get(), n1.get()));
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(SqueezeAxesForm.emit(r, m.node("second"), m.value("x"), m.binding("axes", long[].class)));
  }
}
