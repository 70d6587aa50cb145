package dev.scalpel.passes.rewrite.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.tensor.DenseTensor;
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
import java.util.List;
import java.util.Optional;

/**
 * {@code Reshape(x, Concat(c₁…, d, …cₙ)) = Reshape(x, [c₁…, −1, …cₙ])} when every cᵢ is a constant
 * positive size and d is one element computed at run time.
 *
 * <p>Why no proof about d is needed: a Reshape only runs when the product of its output dims is
 * x's element count E. With the other dims a fixed positive product P, a successful run has
 * d·P = E (d = −1 is −1 already; d = 0 with allowzero = 0 copies x's dim there, which again
 * times P is E; d = 0 with allowzero = 1 means E = 0), so d = E / P, which is exactly what −1
 * makes Reshape compute. Where the original fails (d·P ≠ E) the rewrite may run instead; it never
 * differs where the original runs. The shape arithmetic behind d (Shape → Gather → Unsqueeze →
 * Div …) then dies. A literal 0 or −1 among the cᵢ makes P depend on x or leaves two unknowns,
 * so the rule refuses those.
 */
public final class ReshapeRuntimeElementToInferred extends RewriteRule {
  public ReshapeRuntimeElementToInferred() {
    // NOTE: from opset 5, where the target shape became an input.
    super("reshape-runtime-element-to-inferred", OpId.onnx("Reshape"), OpsetRange.of(5, 24));
  }

  @Override
  protected Pattern.Op pattern(PatternBuilder p) {
    return p.op("Reshape", p.var("x"), p.var("target")).named("reshape");
  }

  @Override
  protected MatchResult check(Match m) {
    Node concat = m.value("target").producer();
    if (concat == null || !concat.isDefaultDomain() || !concat.opType().equals("Concat")) {
      return MatchResult.fail("the target is not a Concat");
    }
    List<Long> elements = new ArrayList<>();
    int runtime = -1;
    for (Value piece : concat.inputs()) {
      if (piece == null) {
        return MatchResult.fail("the Concat has an empty input");
      }
      Optional<Tensor> constant = Constants.of(piece);
      if (constant.isPresent()) {
        if (constant.get().dataType() != DataType.INT64) {
          return MatchResult.fail("a constant piece is not int64");
        }
        for (long c : constant.get().toLongArray()) {
          if (c <= 0) {
            return MatchResult.fail("a constant element is " + c + ", not a positive size");
          }
          elements.add(c);
        }
      } else if (isOneElement(piece)) {
        if (runtime >= 0) {
          return MatchResult.fail("more than one element is computed at run time");
        }
        runtime = elements.size();
        elements.add(-1L);
      } else {
        return MatchResult.fail("piece '" + piece.name() + "' is not a constant nor known to be one element");
      }
    }
    if (runtime < 0) {
      return MatchResult.fail("every element is constant (folding's job)");
    }
    return MatchResult.success().bind("target", elements.stream().mapToLong(Long::longValue).toArray());
  }

  /** Whether {@code v} is statically a 1-D tensor of one element. */
  private static boolean isOneElement(Value v) {
    Optional<Shape> s = v.shape();
    return s.isPresent() && s.get().rank() == 1 && s.get().dim(0) instanceof Dim.Static d && d.value() == 1;
  }

  @Override
  protected Replacement rewrite(Match m, RewriteBuilder r) {
    long[] target = m.binding("target", long[].class);
    Node reshape = m.node("reshape");
    List<Attribute> attributes = new ArrayList<>(reshape.attributes().values());
    return Replacement.of(r.op("Reshape", List.of(m.value("x"), r.constant("target", DenseTensor.vector("target", target))),
        attributes, reshape.name()));
  }
}
