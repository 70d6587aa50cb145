package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
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
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code Reshape(x, s) = x} when s names x's own shape: same rank, and each entry is x's static
 * size there, or 0 ("copy", without allowzero); one −1 is allowed when every other entry
 * matches, since the element count then forces that dim too.
 */
public final class EliminateNoOpReshape extends RewriteRule {
  public EliminateNoOpReshape() {
    // NOTE: from opset 5, where the target shape became an input.
    super("eliminate-noop-reshape", OpId.onnx("Reshape"), OpsetRange.of(5, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Reshape", p.var("x"), p.constant("shape")).named("reshape");
  }

  @Override
  protected MatchResult check(Match m) {
    Value x = m.value("x");
    Optional<Shape> shape = x.shape();
    if (shape.isEmpty()) {
      return MatchResult.fail("the shape of '" + x.name() + "' is unknown");
    }
    Optional<long[]> target = m.integers("shape");
    if (target.isEmpty()) {
      return MatchResult.fail("the shape constant is of element type " + m.tensor("shape").dataType().displayName()
          + ", not int64");
    }
    long[] t = target.get();
    if (t.length != shape.get().rank()) {
      return MatchResult.fail("changes the rank from " + shape.get().rank() + " to " + t.length);
    }
    boolean allowZero = m.node("reshape").intAttribute("allowzero", 0) != 0;
    int inferred = -1;
    for (int i = 0; i < t.length; i++) {
      Dim d = shape.get().dim(i);
      if (t[i] == -1 && inferred < 0) {
        inferred = i;
      } else if (!keepsDim(t[i], d, allowZero)) {
        return MatchResult.fail("target " + Arrays.toString(t) + " differs from " + shape.get() + " at axis " + i);
      }
    }
    if (inferred >= 0 && hasZeroDim(shape.get())) {
      // NOTE: with a zero-sized dim the element count no longer forces the −1 entry.
      return MatchResult.fail("-1 with a zero-sized dim in " + shape.get());
    }
    return MatchResult.success();
  }

  private static boolean keepsDim(long target, Dim d, boolean allowZero) {
    if (target == 0 && !allowZero) {
      return true;
    }
    return d instanceof Dim.Static s && s.value() == target;
  }

  private static boolean hasZeroDim(Shape shape) {
    // NOTE: a symbolic dim that is 0 at run time makes the original Reshape fail, so only static zeros count.
    return shape.dims().stream().anyMatch(d -> d instanceof Dim.Static s && s.value() == 0);
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(m.value("x"));
  }
}
