package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.opset.OpId;
import dev.scalpel.passes.rewrite.Match;
import dev.scalpel.passes.rewrite.OpsetRange;
import dev.scalpel.passes.rewrite.Pattern;
import dev.scalpel.passes.rewrite.PatternBuilder;
import dev.scalpel.passes.rewrite.Replacement;
import dev.scalpel.passes.rewrite.RewriteBuilder;
import dev.scalpel.passes.rewrite.RewriteRule;

/** {@code Concat(x, axis) = x}: concatenating one tensor copies it. */
public final class EliminateSingleInputConcat extends RewriteRule {
  public EliminateSingleInputConcat() {
    // NOTE: from opset 4, where axis became required; Concat-1's default axis is irrelevant here too.
    super("eliminate-single-input-concat", OpId.onnx("Concat"), OpsetRange.of(4, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Concat", p.var("x"));
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(m.value("x"));
  }
}
