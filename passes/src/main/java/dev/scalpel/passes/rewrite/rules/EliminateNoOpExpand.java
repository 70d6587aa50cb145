package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.OpId;
import dev.scalpel.graph.Constants;
import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.SymShape;
import dev.scalpel.passes.shape.ExpandNoOp;
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
 * {@code Expand(x, s) = x} when the result has x's shape: either s is constant and broadcasting it
 * with x's shape leaves that shape (s no longer than x's rank, each entry 1 or x's equal static
 * size), or the shape analysis proves s's elements and each, aligned to x's trailing dims as
 * broadcasting aligns them, is 1 or provably x's dim there (a target computed from x's own Shape),
 * or the inferred shapes of input and output are the same, dim by dim (static sizes or the same
 * symbol, never an unknown dim).
 */
public final class EliminateNoOpExpand extends RewriteRule {
  public EliminateNoOpExpand() {
    super("eliminate-noop-expand", OpId.onnx("Expand"), OpsetRange.of(8, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Expand", p.var("x"), p.var("shape")).named("expand");
  }

  @Override
  protected MatchResult check(Match m) {
    Value x = m.value("x");
    Optional<Shape> in = x.shape();
    // NOTE: the spec's shape is int64; another type (an invalid model: SimplifyFuzzTest found a
    // float one) is not read as dims.
    Optional<Tensor> target = Constants.of(m.value("shape")).filter(t -> t.dataType() == DataType.INT64);
    if (target.isPresent() && ShapePreservation.keeps(in, target.get().toLongArray())) {
      return MatchResult.success();
    }
    Optional<PartialValue> computed = m.valueOf(m.value("shape"));
    if (target.isEmpty() && in.isPresent() && computed.isPresent() && ExpandNoOp.holds(SymShape.of(in.get()), computed.get())) {
      return MatchResult.success();
    }
    Optional<Shape> out = m.root().output(0).shape();
    if (in.isPresent() && out.isPresent() && ShapePreservation.sameKnownShape(in.get(), out.get())) {
      return MatchResult.success();
    }
    return MatchResult.fail("cannot show that expanding " + in.map(Object::toString).orElse("?") + " to "
        + target.map(t -> Arrays.toString(t.toLongArray())).orElse("'" + m.value("shape").name() + "'") + " keeps the shape");
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    return Replacement.of(m.value("x"));
  }
}
