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
import java.util.List;

/**
 * {@code Reshape(Y(x, …), s) = Reshape(x, s)} where Y (Reshape, Flatten, Squeeze or Unsqueeze) only
 * changes the shape: the row-major element order and count are those of x either way, so the last
 * Reshape decides alone, provided its constant target s does not copy a dim of the intermediate
 * (no 0 entry unless allowzero, where 0 is a literal size). A −1 is fine: it is inferred from the
 * element count, which Y kept. Works with dynamic dims; needs no shapes. One subclass per Y, since a
 * pattern names one op.
 */
public abstract class ReshapeOfShapeChange extends RewriteRule {
  ReshapeOfShapeChange(String id) {
    // NOTE: from opset 5, where Reshape's target became an input.
    super(id, OpId.onnx("Reshape"), OpsetRange.of(5, 24));
  }

  /** The op of Y; a constant, since it is read while the superclass builds the pattern. */
  abstract String inner();

  @Override
  protected final Pattern.Op pattern(PatternBuilder p) {
    return p.op("Reshape", p.op(inner(), p.var("x")).withExtraInputs().named("inner"), p.constant("shape")).named("reshape");
  }

  @Override
  protected final MatchResult check(Match m) {
    boolean allowZero = m.node("reshape").intAttribute("allowzero", 0) != 0;
    long[] target = m.tensor("shape").toLongArray();
    if (!allowZero && Arrays.stream(target).anyMatch(t -> t == 0)) {
      return MatchResult.fail("target " + Arrays.toString(target) + " copies a dim of the intermediate (0 without allowzero)");
    }
    return MatchResult.success();
  }

  @Override
  protected final Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(r.op("Reshape", List.of(m.value("x"), m.value("shape")), m.node("reshape").attributes().values(),
        m.node("reshape").name()));
  }

  /** {@code Reshape(Reshape(x, s1), s2) = Reshape(x, s2)}. */
  public static final class AfterReshape extends ReshapeOfShapeChange {
    public AfterReshape() {
      super("merge-reshape-reshape");
    }

    @Override
    String inner() {
      return "Reshape";
    }
  }

  /** {@code Reshape(Flatten(x), s) = Reshape(x, s)}. */
  public static final class AfterFlatten extends ReshapeOfShapeChange {
    public AfterFlatten() {
      super("merge-flatten-reshape");
    }

    @Override
    String inner() {
      return "Flatten";
    }
  }

  /** {@code Reshape(Squeeze(x), s) = Reshape(x, s)}. */
  public static final class AfterSqueeze extends ReshapeOfShapeChange {
    public AfterSqueeze() {
      super("merge-squeeze-reshape");
    }

    @Override
    String inner() {
      return "Squeeze";
    }
  }

  /** {@code Reshape(Unsqueeze(x), s) = Reshape(x, s)}. */
  public static final class AfterUnsqueeze extends ReshapeOfShapeChange {
    public AfterUnsqueeze() {
      super("merge-unsqueeze-reshape");
    }

    @Override
    String inner() {
      return "Unsqueeze";
    }
  }
}
