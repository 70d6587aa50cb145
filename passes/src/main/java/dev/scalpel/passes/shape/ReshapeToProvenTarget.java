package dev.scalpel.passes.shape;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.SymShape;
import dev.scalpel.graph.Constants;
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
 * {@code Reshape(x, t) = Reshape(x', c)} when the shape analysis proves the elements of the
 * computed target t ({@code Shape → Gather → Unsqueeze → Concat}, {@code Shape → Slice → Concat},
 * ...) and c is them as a constant, with 0 for dims copied from the input and at most one -1
 * ({@link ReshapeTarget} states when each is allowed; {@code allowzero} is respected). x' is x, or,
 * when c can only be proved against the dims of y where x is {@code Reshape(y, s)} or {@code
 * Flatten(y)}, y: both read their input's elements in row-major order, so reshaping y gives the
 * same tensor. A target that is a constant already, or not INT64, is left alone.
 */
public final class ReshapeToProvenTarget extends RewriteRule {
  private static final Set<String> ORDER_PRESERVING = Set.of("Reshape", "Flatten");

  public ReshapeToProvenTarget() {
    // NOTE: from opset 5, where the target became an input; allowzero (14) is read when present.
    super("reshape-to-proven-target", OpId.onnx("Reshape"), OpsetRange.of(5, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Reshape", p.var("x"), p.var("target")).named("reshape");
  }

  /** The proved target and the input it is proved against. */
  record Proof(Value input, ReshapeTarget target) {}

  @Override
  protected MatchResult check(Match m) {
    Value x = m.value("x");
    Value target = m.value("target");
    if (Constants.of(target).isPresent()) {
      return MatchResult.fail("the target is a constant already");
    }
    if (target.dataType().orElse(null) != DataType.INT64) {
      return MatchResult.fail("the target is not known to be INT64");
    }
    Optional<Shape> data = x.shape();
    Optional<PartialValue> pv = m.valueOf(target);
    if (data.isEmpty() || pv.isEmpty()) {
      return MatchResult.fail(data.isEmpty() ? "the shape of '" + x.name() + "' is unknown"
          : "the analysis knows nothing of the elements of '" + target.name() + "'");
    }
    boolean allowZero = m.node("reshape").intAttribute("allowzero", 0) != 0;
    ReshapeTarget.Outcome outcome = ReshapeTarget.of(SymShape.of(data.get()), pv.get(), allowZero);
    if (outcome.target().isPresent()) {
      return MatchResult.success().bind("proof", new Proof(x, outcome.target().get()));
    }
    Node inner = x.producer();
    if (inner != null && inner.isDefaultDomain() && !inner.inputs().isEmpty() && ORDER_PRESERVING.contains(inner.opType())
        && inner.input(0) != null && inner.input(0).shape().isPresent()) {
      // NOTE: a Reshape of a Reshape (or Flatten) reads the same elements in the same order as the
      // inner input, so a target proved against that input's dims gives the same result.
      ReshapeTarget.Outcome direct = ReshapeTarget.of(SymShape.of(inner.input(0).shape().get()), pv.get(), allowZero);
      if (direct.target().isPresent()) {
        return MatchResult.success().bind("proof", new Proof(inner.input(0), direct.target().get()));
      }
    }
    return MatchResult.fail("target kept: " + outcome.reason());
  }

  @Override
  protected boolean rewritesInPlace() {
    // NOTE: the Reshape is kept, so one producing a graph output is rewritten too.
    return true;
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    Proof proof = m.binding("proof", Proof.class);
    Node reshape = m.node("reshape");
    String hint = reshape.name().isEmpty() ? "reshape" : reshape.name();
    Value constant = r.constant(hint + "_target", DenseTensor.vector("", proof.target().dims()));
    boolean dropAllowZero = reshape.attribute("allowzero").isPresent() && !proof.target().allowZero();
    return Replacement.inPlace(List.of(proof.input(), constant), dropAllowZero ? List.of("allowzero") : List.of());
  }
}
