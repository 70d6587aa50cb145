package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.OpId;
import dev.scalpel.graph.Constants;
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
 * Drops a Reshape that only regroups the spatial dims before a global pool: {@code P(Reshape(x, t))}
 * becomes {@code P(x)} for P = GlobalAveragePool or GlobalMaxPool, when
 * <ul>
 *   <li>x has rank ≥ 3 and the Reshape keeps x's dims 0 and 1: its constant target has there 0
 *       (without allowzero) or x's static size, or, for a computed target (Shape → … → Concat), the
 *       Reshape's inferred result has there the same static sizes or symbols as x. The rest then
 *       covers the same ∏spatial elements of each (n, c), in the same row-major order, so the
 *       pooled value of each (n, c) is the same (also when N·C = 0: both are empty);</li>
 *   <li>the pooled value's only reader erases the difference: the pooled value is {@code [N, C, 1,
 *       …]} with rank(t) dims before and rank(x) dims after. A Flatten whose axis, normalised
 *       against each rank, lands in the same class (0, 1, or ≥ 2, where everything after is 1s)
 *       gives the same result; so does a Reshape with a constant target that copies (0) only dims
 *       that exist in both and are equal there (index &lt; min of the two ranks).</li>
 * </ul>
 * The reader is not part of the match and stays as it is.
 */
public abstract class ReshapeBeforeGlobalPool extends RewriteRule {
  ReshapeBeforeGlobalPool(String id, String pool) {
    super(id, OpId.onnx(pool), OpsetRange.of(5, 24));
  }

  /** The pooled value's rank changes with the Reshape gone; only its one reader erases that. */
  @Override
  protected final boolean keepsRootOutputTypes() {
    return false;
  }

  /** The pool op; a constant, since it is read while the superclass builds the pattern. */
  abstract String pool();

  @Override
  protected final Pattern.Op pattern(PatternBuilder p) {
    return p.op(pool(), p.op("Reshape", p.var("x"), p.var("shape")).named("reshape")).named("pool");
  }

  @Override
  protected final MatchResult check(Match m) {
    Value x = m.value("x");
    Optional<Shape> shape = x.shape();
    if (shape.isEmpty() || shape.get().rank() < 3) {
      return MatchResult.fail("'" + x.name() + "' has " + shape.map(s -> "rank " + s.rank()).orElse("an unknown shape") + ", not rank ≥ 3");
    }
    int oldRank;
    Optional<Tensor> target = Constants.of(m.value("shape")).filter(t -> t.longsIfInteger().isPresent());
    Optional<Shape> reshaped = m.node("reshape").output(0).shape();
    if (target.isPresent() && keepsLeadingDims(target.get().toLongArray(), shape.get(), m.node("reshape"))) {
      oldRank = target.get().dims().length == 1 ? (int) target.get().elementCount() : -1;
    } else if (reshaped.isPresent() && reshaped.get().rank() >= 3 && same(reshaped.get().dim(0), shape.get().dim(0))
        && same(reshaped.get().dim(1), shape.get().dim(1))) {
      oldRank = reshaped.get().rank();
    } else {
      return MatchResult.fail("the Reshape " + target.map(t -> "to " + Arrays.toString(t.toLongArray())).orElse("to "
          + reshaped.map(Object::toString).orElse("an unknown shape")) + " is not known to keep dims 0 and 1 of " + shape.get());
    }
    if (oldRank < 3) {
      return MatchResult.fail("the Reshape's result has rank " + oldRank + ", not ≥ 3");
    }
    Value pooled = m.root().output(0);
    List<Usage> uses = pooled.uses();
    if (uses.size() != 1) {
      return MatchResult.fail("'" + pooled.name() + "' has " + uses.size() + " readers, not one");
    }
    String reason = readerProblem(uses.get(0), oldRank, shape.get().rank());
    return reason == null ? MatchResult.success() : MatchResult.fail(reason);
  }

  /** Whether a constant target keeps dims 0 and 1 of x (0 without allowzero, or x's static size). */
  private static boolean keepsLeadingDims(long[] t, Shape x, Node reshape) {
    boolean allowZero = reshape.intAttribute("allowzero", 0) != 0;
    return t.length >= 2 && keeps(t[0], x.dim(0), allowZero) && keeps(t[1], x.dim(1), allowZero);
  }

  /** Equal sizes: the same static size or the same symbol; never an unknown dim. */
  private static boolean same(Dim a, Dim b) {
    return !(a instanceof Dim.Unknown) && a.equals(b);
  }

  private static boolean keeps(long target, Dim d, boolean allowZero) {
    return (target == 0 && !allowZero) || (d instanceof Dim.Static s && s.value() == target);
  }

  private static String readerProblem(Usage use, int oldRank, int newRank) {
    Node reader = use.node();
    if (!reader.isDefaultDomain() || use.inputIndex() != 0) {
      return "the pooled value is read by " + reader.opType() + " '" + reader.name() + "', not flattened";
    }
    if (reader.opType().equals("Flatten")) {
      long axis = reader.intAttribute("axis", 1);
      if (axisClass(axis, oldRank) != axisClass(axis, newRank)) {
        return "Flatten axis " + axis + " means different things at rank " + oldRank + " and " + newRank;
      }
      return null;
    }
    if (reader.opType().equals("Reshape") && reader.inputs().size() == 2) {
      Optional<Tensor> target = Constants.of(reader.input(1)).filter(t -> t.longsIfInteger().isPresent());
      if (target.isEmpty()) {
        return "the Reshape after the pool has no int64 constant target";
      }
      long[] t = target.get().toLongArray();
      boolean allowZero = reader.intAttribute("allowzero", 0) != 0;
      for (int i = 0; i < t.length; i++) {
        if (t[i] == 0 && !allowZero && i >= Math.min(oldRank, newRank)) {
          return "the Reshape after the pool copies dim " + i + ", which only one rank has";
        }
      }
      return null;
    }
    return "the pooled value is read by " + reader.opType() + " '" + reader.name() + "', not flattened";
  }

  /** 0, 1, or 2 for every axis ≥ 2 (all 1s after it); −1 when out of range. */
  private static int axisClass(long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a > rank) {
      return -1;
    }
    return (int) Math.min(a, 2);
  }

  @Override
  protected final Replacement rewrite(Match m, RewriteBuilder r) {
    Node pool = m.node("pool");
    return Replacement.of(r.op(pool.opType(), List.of(m.value("x")), pool.attributes().values(), pool.name()));
  }

  /** {@code GlobalAveragePool(Reshape(x, t)) = GlobalAveragePool(x)} under the conditions above. */
  public static final class Average extends ReshapeBeforeGlobalPool {
    public Average() {
      super("drop-reshape-before-global-average-pool", "GlobalAveragePool");
    }

    @Override
    String pool() {
      return "GlobalAveragePool";
    }
  }

  /** {@code GlobalMaxPool(Reshape(x, t)) = GlobalMaxPool(x)} under the conditions above. */
  public static final class Max extends ReshapeBeforeGlobalPool {
    public Max() {
      super("drop-reshape-before-global-max-pool", "GlobalMaxPool");
    }

    @Override
    String pool() {
      return "GlobalMaxPool";
    }
  }
}
