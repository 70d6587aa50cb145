package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Attribute;
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

/**
 * {@code Gather(Transpose(x, perm), i, axis=a) = Gather(x, i, axis=perm[a])} when the axes the
 * Gather keeps are in the same order in x as after the Transpose.
 *
 * <p>Invariant: the indices are a scalar, so neither Gather adds dims. With perm' = perm without
 * entry a, the first Gather's output has x's axes in the order perm'; the second has x's axes
 * other than perm[a] in ascending order. The two agree exactly when perm' is ascending. (With
 * index dims, they would have to stay at position a = perm[a], and then an ascending perm' makes
 * the Transpose the identity, which another rule removes.) Typical source: a batch-first RNN's
 * {@code output[:, -1]} after the export's Transpose back from sequence-first.
 */
public final class GatherThroughTranspose extends RewriteRule {
  public GatherThroughTranspose() {
    super("gather-through-transpose", OpId.onnx("Gather"), OpsetRange.of(1, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Gather", p.op("Transpose", p.var("x")).named("transpose"), p.var("indices")).named("gather");
  }

  @Override
  protected MatchResult check(Match m) {
    Optional<Permutation> perm = Permutation.of(m.node("transpose"));
    if (perm.isEmpty()) {
      return MatchResult.fail("perm is absent (reverse the axes) or not a permutation");
    }
    long[] p = perm.get().axes();
    long axis = m.node("gather").intAttribute("axis", 0);
    long a = axis < 0 ? axis + p.length : axis;
    if (a < 0 || a >= p.length) {
      return MatchResult.fail("axis " + axis + " is outside rank " + p.length);
    }
    if (Axes.rankOf(m.value("indices")) != 0) {
      return MatchResult.fail("the indices are not known to be a scalar");
    }
    long previous = -1;
    for (int k = 0; k < p.length; k++) {
      if (k == a) {
        continue;
      }
      if (p[k] < previous) {
        return MatchResult.fail("perm " + Arrays.toString(p) + " reorders the axes the Gather keeps");
      }
      previous = p[k];
    }
    return MatchResult.success().bind("sourceAxis", p[(int) a]);
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    long sourceAxis = m.binding("sourceAxis", Long.class);
    return Replacement.of(r.op("Gather", List.of(m.value("x"), m.value("indices")),
        List.of(Attribute.of("axis", sourceAxis)), m.node("gather").name()));
  }
}
