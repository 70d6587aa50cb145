package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
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

/** {@code Cast(x: T, to=T) = x}. Needs the input's element type known (run shape inference first). */
public final class EliminateCastToSameType extends RewriteRule {
  public EliminateCastToSameType() {
    // NOTE: from opset 6, where 'to' became an int; Cast-1 wrote it as a string.
    super("eliminate-cast-to-same-type", OpId.onnx("Cast"), OpsetRange.of(6, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Cast", p.var("x")).named("cast");
  }

  @Override
  protected MatchResult check(Match m) {
    Value x = m.value("x");
    Optional<DataType> from = x.dataType();
    if (from.isEmpty()) {
      return MatchResult.fail("the element type of '" + x.name() + "' is unknown");
    }
    Node cast = m.node("cast");
    long to = cast.intAttribute("to", -1);
    if (to != from.get().code()) {
      return MatchResult.fail("casts " + from.get() + " to type " + DataType.fromCode((int) to).map(Object::toString).orElse("#" + to));
    }
    return MatchResult.success();
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(m.value("x"));
  }
}
