package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
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
 * {@code Dropout(x, ratio, training_mode=false) = x}: in inference Dropout copies its input,
 * whatever the ratio, provided nothing reads the mask.
 */
public final class EliminateDropout extends RewriteRule {
  public EliminateDropout() {
    // NOTE: from opset 7, which removed is_test; before it, is_test=0 meant training.
    super("eliminate-dropout", OpId.onnx("Dropout"), OpsetRange.of(7, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Dropout", p.var("x"), p.optionalConstant("ratio"), p.optionalConstant("training_mode")).named("dropout");
  }

  @Override
  protected MatchResult check(Match m) {
    Node dropout = m.node("dropout");
    if (dropout.outputs().size() > 1 && dropout.output(1).isUsed()) {
      return MatchResult.fail("the mask output '" + dropout.output(1).name() + "' is used");
    }
    Optional<Tensor> training = m.optionalTensor("training_mode");
    if (training.isPresent() && isTrue(training.get())) {
      return MatchResult.fail("training_mode is true");
    }
    return MatchResult.success();
  }

  private static boolean isTrue(Tensor t) {
    return t.dataType() != DataType.BOOL || t.elementCount() != 1 || t.data().get(0) != 0;
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    Node dropout = m.node("dropout");
    return dropout.outputs().size() > 1 ? Replacement.of(m.value("x"), null) : Replacement.of(m.value("x"));
  }
}
