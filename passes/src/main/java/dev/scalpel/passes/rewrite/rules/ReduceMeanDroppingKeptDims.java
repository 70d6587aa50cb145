package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code Y(ReduceMean(x, R, keepdims=1)) = ReduceMean(x, R, keepdims=0)} when Y (Reshape, Flatten
 * or Squeeze) only drops the 1s that keepdims left at the reduced axes R, so its result is x's
 * kept dims K (the axes not in R) in order:
 * <ul>
 *   <li>Reshape with a constant target of |K| entries, each x's equal static size at that kept
 *       axis, or 0 (copy, without allowzero) where the kept axis keeps its position, or one −1;</li>
 *   <li>Flatten(axis a) when |K| = 2 and {@code K0 < a ≤ K1} (the result is {@code [x_K0, x_K1]});</li>
 *   <li>Squeeze whose axes are exactly R.</li>
 * </ul>
 * Axes of the ReduceMean come from its attribute (before opset 18) or constant input (from 18);
 * absent axes mean all axes (unless noop_with_empty_axes). Needs the rank of x. One subclass per Y.
 */
public abstract class ReduceMeanDroppingKeptDims extends RewriteRule {
  ReduceMeanDroppingKeptDims(String id, String outer, OpsetRange vetted) {
    super(id, OpId.onnx(outer), vetted);
  }

  /** Y; a constant, since it is read while the superclass builds the pattern. */
  abstract String outer();

  /** Why Y does not give exactly the kept dims of x, or null when it does. */
  abstract String problem(Match m, Shape x, long[] reduced, long[] kept);

  @Override
  protected final Pattern.Op pattern(PatternBuilder p) {
    return p.op(outer(), p.op("ReduceMean", p.var("x"), p.optionalConstant("axes")).named("reduce"))
        .withExtraInputs().named("outer");
  }

  @Override
  protected final MatchResult check(Match m) {
    Node reduce = m.node("reduce");
    if (reduce.intAttribute("keepdims", 1) == 0) {
      return MatchResult.fail("the ReduceMean already drops its axes");
    }
    Value x = m.value("x");
    Optional<Shape> shape = x.shape();
    if (shape.isEmpty()) {
      return MatchResult.fail("the rank of '" + x.name() + "' is unknown");
    }
    int rank = shape.get().rank();
    Optional<long[]> given = reduce.attribute("axes").map(a -> a.asLongs().stream().mapToLong(Long::longValue).toArray())
        .or(() -> m.optionalTensor("axes").map(t -> t.longsIfInteger().orElse(null)));
    if (given.isEmpty() && m.optionalTensor("axes").isPresent()) {
      return MatchResult.fail("the axes constant is of element type "
          + m.optionalTensor("axes").get().dataType().displayName() + ", not int64");
    }
    long[] all = new long[rank];
    Arrays.setAll(all, i -> i);
    if (given.isEmpty() || given.get().length == 0) {
      if (reduce.intAttribute("noop_with_empty_axes", 0) != 0) {
        return MatchResult.fail("empty axes with noop_with_empty_axes: the ReduceMean copies");
      }
      given = Optional.of(all);
    }
    Optional<long[]> reduced = Axes.normalized(given.get(), rank);
    if (reduced.isEmpty()) {
      return MatchResult.fail("axes " + Arrays.toString(given.get()) + " are bad for rank " + rank);
    }
    long[] kept = Arrays.stream(all).filter(a -> Arrays.binarySearch(reduced.get(), a) < 0).toArray();
    String reason = problem(m, shape.get(), reduced.get(), kept);
    if (reason != null) {
      return MatchResult.fail(reason);
    }
    return MatchResult.success();
  }

  @Override
  protected final Replacement rewrite(Match m, RewriteBuilder r) {
    Node reduce = m.node("reduce");
    List<Attribute> attributes = new ArrayList<>();
    for (Attribute a : reduce.attributes().values()) {
      if (!a.name().equals("keepdims")) {
        attributes.add(a);
      }
    }
    attributes.add(Attribute.of("keepdims", 0L));
    return Replacement.of(r.op("ReduceMean", reduce.inputs(), attributes, m.node("outer").name()));
  }

  /** {@code Reshape(ReduceMean(x, keepdims=1), t)} with t the kept dims. */
  public static final class BeforeReshape extends ReduceMeanDroppingKeptDims {
    public BeforeReshape() {
      super("fold-reshape-into-reduce-mean", "Reshape", OpsetRange.of(5, 24));
    }

    @Override
    String outer() {
      return "Reshape";
    }

    @Override
    String problem(Match m, Shape x, long[] reduced, long[] kept) {
      Node reshape = m.node("outer");
      if (reshape.inputs().size() != 2) {
        return "the Reshape has no target input";
      }
      Optional<long[]> target = Constants.of(reshape.input(1)).flatMap(Tensor::longsIfInteger);
      if (target.isEmpty()) {
        return "the Reshape target is not an int64 constant";
      }
      long[] t = target.get();
      boolean allowZero = reshape.intAttribute("allowzero", 0) != 0;
      if (t.length != kept.length) {
        return "target " + Arrays.toString(t) + " has not the " + kept.length + " kept dims of " + x;
      }
      int inferred = 0;
      for (int i = 0; i < t.length; i++) {
        Dim d = x.dim((int) kept[i]);
        boolean same = (d instanceof Dim.Static s && s.value() == t[i]) || (t[i] == 0 && !allowZero && kept[i] == i);
        if (t[i] == -1 && inferred++ == 0) {
          continue;
        }
        if (!same) {
          return "target " + Arrays.toString(t) + " is not the kept dims of " + x + " at " + i;
        }
      }
      return null;
    }
  }

  /** {@code Flatten(ReduceMean(x, keepdims=1), a)} with exactly two kept dims on either side of a. */
  public static final class BeforeFlatten extends ReduceMeanDroppingKeptDims {
    public BeforeFlatten() {
      super("fold-flatten-into-reduce-mean", "Flatten", OpsetRange.of(1, 24));
    }

    @Override
    String outer() {
      return "Flatten";
    }

    @Override
    String problem(Match m, Shape x, long[] reduced, long[] kept) {
      long axis = m.node("outer").intAttribute("axis", 1);
      long a = axis < 0 ? axis + x.rank() : axis;
      if (kept.length != 2 || !(kept[0] < a && a <= kept[1])) {
        return "Flatten axis " + axis + " does not split the kept axes " + Arrays.toString(kept);
      }
      return null;
    }
  }

  /** {@code Squeeze(ReduceMean(x, R, keepdims=1), R)}. */
  public static final class BeforeSqueeze extends ReduceMeanDroppingKeptDims {
    public BeforeSqueeze() {
      super("fold-squeeze-into-reduce-mean", "Squeeze", OpsetRange.of(1, 24));
    }

    @Override
    String outer() {
      return "Squeeze";
    }

    @Override
    String problem(Match m, Shape x, long[] reduced, long[] kept) {
      Optional<long[]> axes = Axes.of(m.node("outer")).flatMap(a -> Axes.normalized(a, x.rank()));
      if (axes.isEmpty() || !Arrays.equals(axes.get(), reduced)) {
        return "the Squeeze axes are not the reduced axes " + Arrays.toString(reduced);
      }
      return null;
    }
  }
}
