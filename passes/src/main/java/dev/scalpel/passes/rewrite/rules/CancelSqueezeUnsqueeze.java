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
import java.util.Arrays;
import java.util.Optional;

/**
 * A Squeeze and an Unsqueeze of the same axes cancel: {@code Squeeze(Unsqueeze(x, A), A) = x}
 * (the inserted 1s are removed again) and {@code Unsqueeze(Squeeze(x, A), A) = x} (the removed
 * dims were 1s, or the Squeeze fails). Both axis lists are positions in the same tensor (the one
 * with the 1s), so they are compared after making them non-negative against its rank, which
 * negative axes need. Axes may be attributes or constant inputs. One subclass per order.
 */
public abstract class CancelSqueezeUnsqueeze extends RewriteRule {
  CancelSqueezeUnsqueeze(String id, String outer) {
    super(id, OpId.onnx(outer), OpsetRange.of(1, 24));
  }

  abstract String outer();

  abstract String inner();

  /** The rank of the tensor with the 1s, from the rank of x, or −1. */
  abstract long rankWithOnes(long xRank, int axes);

  @Override
  protected final Pattern.Op pattern(PatternBuilder p) {
    return p.op(outer(), p.op(inner(), p.var("x"), p.optionalConstant("innerAxes")).named("inner"),
        p.optionalConstant("outerAxes")).named("outer");
  }

  @Override
  protected final MatchResult check(Match m) {
    Optional<long[]> a = Axes.of(m.node("inner"));
    Optional<long[]> b = Axes.of(m.node("outer"));
    if (a.isEmpty() || b.isEmpty()) {
      return MatchResult.fail("axes are absent or not constant");
    }
    long xRank = Axes.rankOf(m.value("x"));
    long rank = xRank < 0 ? -1 : rankWithOnes(xRank, a.get().length);
    Optional<long[]> na = Axes.normalized(a.get(), rank);
    Optional<long[]> nb = Axes.normalized(b.get(), rank);
    if (na.isEmpty() || nb.isEmpty()) {
      return MatchResult.fail("negative axes and the rank of '" + m.value("x").name() + "' is unknown (or axes repeat)");
    }
    if (!Arrays.equals(na.get(), nb.get())) {
      return MatchResult.fail("axes " + Arrays.toString(na.get()) + " and " + Arrays.toString(nb.get()) + " differ");
    }
    return MatchResult.success();
  }

  @Override
  protected final Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(m.value("x"));
  }

  /** {@code Squeeze(Unsqueeze(x, A), A) = x}. */
  public static final class SqueezeOfUnsqueeze extends CancelSqueezeUnsqueeze {
    public SqueezeOfUnsqueeze() {
      super("cancel-unsqueeze-squeeze", "Squeeze");
    }

    @Override
    String outer() {
      return "Squeeze";
    }

    @Override
    String inner() {
      return "Unsqueeze";
    }

    @Override
    long rankWithOnes(long xRank, int axes) {
      return xRank + axes;
    }
  }

  /** {@code Unsqueeze(Squeeze(x, A), A) = x}. */
  public static final class UnsqueezeOfSqueeze extends CancelSqueezeUnsqueeze {
    public UnsqueezeOfSqueeze() {
      super("cancel-squeeze-unsqueeze", "Unsqueeze");
    }

    @Override
    String outer() {
      return "Unsqueeze";
    }

    @Override
    String inner() {
      return "Squeeze";
    }

    @Override
    long rankWithOnes(long xRank, int axes) {
      return xRank;
    }
  }
}
