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
 * {@code Split(x) = x} when the Split has one output: the one part is the whole axis (a 'split'
 * list, attribute or input, must then sum to the axis, or the model is invalid).
 */
public final class EliminateSingleOutputSplit extends RewriteRule {
  public EliminateSingleOutputSplit() {
    super("eliminate-single-output-split", OpId.onnx("Split"), OpsetRange.of(2, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Split", p.var("x")).withExtraInputs().named("split");
  }

  @Override
  protected MatchResult check(Match m) {
    int outputs = m.node("split").outputs().size();
    return outputs == 1 ? MatchResult.success() : MatchResult.fail("splits into " + outputs + " parts");
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(m.value("x"));
  }
}
