package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Node;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Inside a chain of shape changes with static shapes, {@code Y(x) = Reshape(x, s)} for Y in Flatten,
 * Squeeze, Unsqueeze, with s the static output shape written out (no −1; never with a zero-sized
 * dim, which a target would read as "copy"), so that the {@code merge-*-reshape} rules collapse the
 * chain into a single Reshape (which {@code eliminate-noop-reshape} may drop, or {@link
 * ReshapeToFlatten} turn into a Flatten). Only when x comes from a Reshape, Flatten, Squeeze or
 * Unsqueeze that nothing else reads: then a merge always follows (the target has no 0), every
 * application removes a node, and a lone Flatten, Squeeze or Unsqueeze keeps its form. Needs the
 * inferred shapes of input and output, both static.
 */
public abstract class StaticShapeChangeToReshape extends RewriteRule {
  private static final Set<String> SHAPE_CHANGES = Set.of("Reshape", "Flatten", "Squeeze", "Unsqueeze");

  StaticShapeChangeToReshape(String id, String op) {
    // NOTE: from opset 5, where Reshape's target became an input.
    super(id, OpId.onnx(op), OpsetRange.of(5, 24));
  }

  /** The op rewritten; a constant, since it is read while the superclass builds the pattern. */
  abstract String op();

  @Override
  protected final Pattern.Op pattern(PatternBuilder p) {
    return p.op(op(), p.var("x")).withExtraInputs().named("op");
  }

  @Override
  protected final MatchResult check(Match m) {
    Value x = m.value("x");
    Node producer = x.producer();
    if (producer == null || !producer.isDefaultDomain() || !SHAPE_CHANGES.contains(producer.opType())
        || x.uses().size() != 1 || x.isGraphOutput()) {
      return MatchResult.fail("'" + x.name() + "' does not come from a shape change read only here");
    }
    // NOTE: a static input makes the output static by the op's own rule; a static output type
    // alone could be a stale declaration on a model with dynamic inputs.
    if (x.shape().isEmpty() || !x.shape().get().isStatic()) {
      return MatchResult.fail("the shape of '" + x.name() + "' is not static: " + x.shape().map(Object::toString).orElse("unknown"));
    }
    Value y = m.root().output(0);
    Optional<Shape> shape = y.shape();
    if (shape.isEmpty() || !shape.get().isStatic()) {
      return MatchResult.fail("the shape of '" + y.name() + "' is not static: " + shape.map(Object::toString).orElse("unknown"));
    }
    long[] dims = shape.get().staticSizes();
    for (long d : dims) {
      if (d == 0) {
        // NOTE: a 0 in a Reshape target copies the input's dim unless allowzero (opset 14+).
        return MatchResult.fail("'" + y.name() + "' has a zero-sized dim: " + shape.get());
      }
    }
    return MatchResult.success().bind("dims", dims);
  }

  @Override
  protected final Replacement rewrite(Match m, RewriteBuilder r) {
    long[] dims = m.binding("dims", long[].class);
    Value target = r.constant("shape", DenseTensor.ofLongs("", new long[] {dims.length}, dims));
    return Replacement.of(r.op("Reshape", List.of(m.value("x"), target), List.of(), m.node("op").name()));
  }

  /** {@code Flatten(x) = Reshape(x, s)} for a static result s. */
  public static final class FromFlatten extends StaticShapeChangeToReshape {
    public FromFlatten() {
      super("static-flatten-to-reshape", "Flatten");
    }

    @Override
    String op() {
      return "Flatten";
    }
  }

  /** {@code Squeeze(x) = Reshape(x, s)} for a static result s. */
  public static final class FromSqueeze extends StaticShapeChangeToReshape {
    public FromSqueeze() {
      super("static-squeeze-to-reshape", "Squeeze");
    }

    @Override
    String op() {
      return "Squeeze";
    }
  }

  /** {@code Unsqueeze(x) = Reshape(x, s)} for a static result s. */
  public static final class FromUnsqueeze extends StaticShapeChangeToReshape {
    public FromUnsqueeze() {
      super("static-unsqueeze-to-reshape", "Unsqueeze");
    }

    @Override
    String op() {
      return "Unsqueeze";
    }
  }
}
