package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
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
 * {@code Reshape(Y(x, …), s) = Reshape(x, s)} where Y (Reshape, Flatten, Squeeze or Unsqueeze) only
 * changes the shape: the row-major element order and count are those of x either way, so the last
 * Reshape decides alone, provided its constant target s does not copy a dim of the intermediate
 * that x lacks: a 0 entry (without allowzero; with it 0 is a literal size) is written as the
 * intermediate's inferred static size there, or kept when x has the same symbol there as the
 * intermediate; otherwise the rule does not apply. A −1 is fine: it is inferred from the element
 * count, which Y kept. Without 0s it needs no shapes. One subclass per Y, since a pattern names one
 * op.
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
    Optional<long[]> shape = m.integers("shape");
    if (shape.isEmpty()) {
      return MatchResult.fail("the shape constant is of element type " + m.tensor("shape").dataType().displayName()
          + ", not int64");
    }
    long[] target = shape.get();
    if (m.node("reshape").intAttribute("allowzero", 0) != 0) {
      return MatchResult.success().bind("target", target);
    }
    Optional<Shape> x = m.value("x").shape();
    Optional<Shape> y = m.node("inner").output(0).shape();
    long[] merged = target.clone();
    for (int i = 0; i < target.length; i++) {
      if (target[i] != 0) {
        continue;
      }
      Dim yi = y.isPresent() && i < y.get().rank() ? y.get().dim(i) : null;
      Dim xi = x.isPresent() && i < x.get().rank() ? x.get().dim(i) : null;
      if (yi instanceof Dim.Static s && s.value() > 0) {
        merged[i] = s.value();
      } else if (yi == null || xi == null || yi instanceof Dim.Unknown || !yi.equals(xi)) {
        return MatchResult.fail("target " + Arrays.toString(target) + " copies dim " + i + " of the intermediate "
            + y.map(Object::toString).orElse("(unknown shape)") + ", not known to be that of x "
            + x.map(Object::toString).orElse("(unknown shape)"));
      }
    }
    return MatchResult.success().bind("target", merged);
  }

  @Override
  protected final Replacement rewrite(Match m, RewriteBuilder r) {
    long[] target = m.binding("target", long[].class);
    Value shape = Arrays.equals(target, m.tensor("shape").toLongArray())
        ? m.value("shape")
        : r.constant("shape", DenseTensor.vector("", target));
    return Replacement.of(r.op("Reshape", List.of(m.value("x"), shape), m.node("reshape").attributes().values(),
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
