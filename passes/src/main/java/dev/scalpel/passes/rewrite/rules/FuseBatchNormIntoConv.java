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
 * {@code BatchNormalization(Conv(x, W, b), γ, β, μ, σ²) = Conv(x, W′, b′)}.
 *
 * <p>With {@code s_c = γ_c / √(σ²_c + ε)}: {@code W′ = W·s} along the output-channel axis and
 * {@code b′ = (b − μ)·s + β} (b = 0 when absent), computed in double and cast to W's type. Only
 * in inference (training_mode off), with constant W, b and BN parameters of length Cout, and
 * when nothing but the BN reads the convolution's output. Conv weights are {@code [Cout, Cin/g, k…]}: the output channel is axis 0, groups or not.
 */
public final class FuseBatchNormIntoConv extends RewriteRule {
  public FuseBatchNormIntoConv() {
    // NOTE: from opset 9, where BN lost 'spatial'; 14 adds training_mode, 15 splits the parameter types.
    super("fuse-batchnorm-into-conv", OpId.onnx("BatchNormalization"), OpsetRange.of(9, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return BatchNormFolding.pattern(p, "Conv");
  }

  @Override
  protected MatchResult check(Match m) {
    return BatchNormFolding.check(m, OutputChannels.CONV);
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    return BatchNormFolding.rewrite(m, r);
  }
}
