package dev.scalpel.passes.shape;

import dev.scalpel.graph.Attribute;
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

/**
 * {@code Gather(x, idx) = Unsqueeze(s, axes)} (or {@code s}) when idx, as the shape analysis knows
 * it, reads x element by element in x's own order: attention masks indexed by {@code Range} grids.
 * {@link IdentityIndexing} states the proof obligations ({@code s} is x or the input of a chain of
 * row-major-preserving ops making x; {@code axes} are the result's size-1 axes). Two forms, one
 * per root op: {@link Gather} and {@link GatherNd}.
 */
public abstract class GatherInOrderToUnsqueeze extends RewriteRule {
  private GatherInOrderToUnsqueeze(String id, String op, OpsetRange vetted) {
    super(id, OpId.onnx(op), vetted);
  }

  /** {@code Gather(x, iota, axis=0) = Unsqueeze(s, axes)}. */
  public static final class Gather extends GatherInOrderToUnsqueeze {
    public Gather() {
      super("gather-in-order-to-unsqueeze", "Gather", OpsetRange.of(1, 24));
    }

    @Override
    protected Pattern.Op pattern(PatternBuilder p) {
      return p.op("Gather", p.var("x"), p.var("indices")).named("gather");
    }
  }

  /** {@code GatherND(x, concat of grids) = Unsqueeze(s, axes)}. */
  public static final class GatherNd extends GatherInOrderToUnsqueeze {
    public GatherNd() {
      super("gathernd-in-order-to-unsqueeze", "GatherND", OpsetRange.of(11, 24));
    }

    @Override
    protected Pattern.Op pattern(PatternBuilder p) {
      return p.op("GatherND", p.var("x"), p.var("indices")).named("gather");
    }
  }

  @Override
  protected MatchResult check(Match m) {
    Optional<IdentityIndexing.Plan> plan = new IdentityIndexing(new IndexGrids(m.shapes(), m.opsetVersion()))
        .plan(m.node("gather"));
    if (plan.isEmpty()) {
      return MatchResult.fail("the analysis does not show that '" + m.value("indices").name()
          + "' reads '" + m.value("x").name() + "' in its own order");
    }
    return MatchResult.success().bind("plan", plan.get());
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    IdentityIndexing.Plan plan = m.binding("plan", IdentityIndexing.Plan.class);
    if (plan.axes().length == 0) {
      return Replacement.of(plan.source());
    }
    String hint = m.root().name().isEmpty() ? "unsqueeze" : m.root().name() + "_unsqueeze";
    Value out = m.opsetVersion() < 13
        ? r.op("Unsqueeze", List.of(plan.source()), List.of(Attribute.ofInts("axes", plan.axes())), hint)
        : r.op("Unsqueeze", List.of(plan.source(), r.constant(hint + "_axes", DenseTensor.vector("", plan.axes()))),
            List.of(), hint);
    out.setType(m.root().output(0).type());
    return Replacement.of(out);
  }
}
