package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Attribute;
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
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code Pad(x, pads=0…) = x} in every mode: nothing is added or cropped, so the fill value and the
 * mode never matter. Pads come from the attribute (before opset 11) or a constant input.
 */
public final class EliminateZeroPad extends RewriteRule {
  public EliminateZeroPad() {
    // NOTE: from opset 2, where 'paddings' was renamed 'pads'.
    super("eliminate-zero-pad", OpId.onnx("Pad"), OpsetRange.of(2, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Pad", p.var("x"), p.optionalConstant("pads"), p.optionalConstant("value"), p.optionalConstant("axes"))
        .named("pad");
  }

  @Override
  protected MatchResult check(Match m) {
    Optional<long[]> pads = pads(m.node("pad"), m.optionalTensor("pads"));
    if (pads.isEmpty()) {
      return MatchResult.fail("the pads are not known");
    }
    if (Arrays.stream(pads.get()).anyMatch(p -> p != 0)) {
      return MatchResult.fail("pads " + Arrays.toString(pads.get()) + " are not all zero");
    }
    return MatchResult.success();
  }

  /** The pads of a Pad node: its 'pads' attribute (opset &lt; 11), else the constant input. */
  static Optional<long[]> pads(Node pad, Optional<Tensor> input) {
    Optional<Attribute> attr = pad.attribute("pads");
    if (attr.isPresent()) {
      return Optional.of(attr.get().asLongs().stream().mapToLong(Long::longValue).toArray());
    }
    return input.flatMap(Tensor::longsIfInteger);
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(m.value("x"));
  }
}
