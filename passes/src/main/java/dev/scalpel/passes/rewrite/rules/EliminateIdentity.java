package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.opset.OpId;
import dev.scalpel.passes.rewrite.Match;
import dev.scalpel.passes.rewrite.OpsetRange;
import dev.scalpel.passes.rewrite.Pattern;
import dev.scalpel.passes.rewrite.PatternBuilder;
import dev.scalpel.passes.rewrite.Replacement;
import dev.scalpel.passes.rewrite.RewriteBuilder;
import dev.scalpel.passes.rewrite.RewriteRule;

/** {@code Identity(x) = x}. */
public final class EliminateIdentity extends RewriteRule {
  public EliminateIdentity() {
    super("eliminate-identity", OpId.onnx("Identity"), OpsetRange.of(1, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Identity", p.var("x"));
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(m.value("x"));
  }
}
