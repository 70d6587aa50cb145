package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Attribute;
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
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The canonical form of a flattening Reshape is a Flatten (no constant target, and it holds for any
 * batch): {@code Reshape(x, t) = Flatten(x, axis=a)} when t has two entries that name {@code
 * [∏x[:a], ∏x[a:]]}: {@code [0, −1]} (a = 1), {@code [0, k]} with {@code ∏x[1:] = k}, {@code [k,
 * −1]} with a static prefix of product k, {@code [−1, k]} with a static suffix of product k, or
 * {@code [k, l]} with both (axis 1 when it fits, else the smallest such a; dims of 1 make several
 * equivalent). Needs the rank
 * of x. {@link StaticShapeChangeToReshape} turns a Flatten back into a Reshape only inside a chain
 * of shape changes, where a merge then removes a node, so the two never cycle. Where x has a
 * zero-sized dim at run time, {@code [0, −1]} fails in Reshape and works in Flatten; the rewrite
 * only widens what runs.
 */
public final class ReshapeToFlatten extends RewriteRule {
  public ReshapeToFlatten() {
    // NOTE: from opset 5 (target as input); Flatten before 9 takes only floats, Reshape any type.
    super("reshape-to-flatten", OpId.onnx("Reshape"), OpsetRange.of(9, 24));
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
    if (t.length != 2) {
      return MatchResult.fail("target " + Arrays.toString(t) + " is not of rank 2");
    }
    if (m.node("reshape").intAttribute("allowzero", 0) != 0 && (t[0] == 0 || t[1] == 0)) {
      return MatchResult.fail("allowzero with a 0 in the target " + Arrays.toString(t));
    }
    OptionalInt axis = flattenAxis(t, shape.get());
    if (axis.isEmpty()) {
      return MatchResult.fail("target " + Arrays.toString(t) + " is not a Flatten of " + shape.get());
    }
    return MatchResult.success().bind("axis", (long) axis.getAsInt());
  }

  private static OptionalInt flattenAxis(long[] t, Shape x) {
    int r = x.rank();
    if (r < 1) {
      return OptionalInt.empty();
    }
    if (t[0] == 0 && (t[1] == -1 || is(product(x, 1, r), t[1]))) {
      return OptionalInt.of(1);
    }
    // NOTE: axis 1 first (the usual [batch, features]), else the smallest that fits.
    if (fits(t, x, 1)) {
      return OptionalInt.of(1);
    }
    for (int a = 0; a <= r; a++) {
      if (fits(t, x, a)) {
        return OptionalInt.of(a);
      }
    }
    return OptionalInt.empty();
  }

  /** Whether a target without 0s names {@code [∏x[:a], ∏x[a:]]}. */
  private static boolean fits(long[] t, Shape x, int a) {
    int r = x.rank();
    if (a > r) {
      return false;
    }
    boolean prefix = t[0] > 0 && is(product(x, 0, a), t[0]);
    boolean suffix = t[1] > 0 && is(product(x, a, r), t[1]);
    return (prefix && (suffix || t[1] == -1)) || (suffix && t[0] == -1);
  }

  /**
   * The product of x's dims in [from, to); empty when one of them is not static or the product
   * overflows a long (NOTE: unchecked, [2^62 + 1, 4] would wrap to 4 and match a target of 4).
   */
  private static OptionalLong product(Shape x, int from, int to) {
    long p = 1;
    for (int i = from; i < to; i++) {
      if (!(x.dim(i) instanceof Dim.Static s)) {
        return OptionalLong.empty();
      }
      try {
        p = Math.multiplyExact(p, s.value());
      } catch (ArithmeticException overflow) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.of(p);
  }

  private static boolean is(OptionalLong product, long value) {
    return product.isPresent() && product.getAsLong() == value;
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(r.op("Flatten", List.of(m.value("x")),
        List.of(Attribute.of("axis", m.binding("axis", Long.class))), m.node("reshape").name()));
  }
}
