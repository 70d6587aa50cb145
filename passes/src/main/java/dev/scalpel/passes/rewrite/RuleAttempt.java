package dev.scalpel.passes.rewrite;

import dev.scalpel.opset.infer.ShapeInference;
import java.util.function.Supplier;
import dev.scalpel.graph.AttributeKindException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Tries one rule on one node, in the order a reader would: opset range, pattern, the driver's own
 * safety checks, then the rule's check. Never mutates the graph.
 */
final class RuleAttempt {
  private RuleAttempt() {}

  static Attempt attempt(RewriteRule rule, Node node, Model model, Supplier<ShapeInference.Result> shapes) {
    OptionalLong version = model.opsetImports().version(rule.root().domain());
    if (version.isEmpty()) {
      return Attempt.miss("the model imports no opset for domain '" + rule.root().domain() + "'");
    }
    if (!rule.vettedOpsets().contains(version.getAsLong())) {
      return Attempt.miss("opset " + version.getAsLong() + " is outside the vetted range " + rule.vettedOpsets());
    }
    Attempt structural = PatternMatcher.match(rule.pattern(), node);
    if (!structural.isHit()) {
      return structural;
    }
    Match match = structural.match().inContext(shapes, version.getAsLong());
    String unsafe = safetyProblem(match, rule.inPlace());
    if (unsafe != null) {
      return Attempt.miss(unsafe);
    }
    MatchResult verdict;
    try {
      verdict = rule.check(match);
    } catch (ArithmeticException e) {
      // NOTE: size arithmetic is exact (SymExpr and Math.multiplyExact throw rather than wrap); a
      // hostile model's dims such as 2^62 overflow it, and a product past a long is no real size,
      // so the rule declines (always sound) instead of failing the pass with exit 70 (issue 13).
      return Attempt.miss("its size arithmetic fails on these dims (" + e.getMessage() + ")");
    } catch (AttributeKindException e) {
      // NOTE: admission guarantees the kinds of the attributes a node's schema declares; a rule may
      // still read one its schema version lacks (allowzero on Reshape-5, found by SimplifyFuzzTest
      // with no value at all). Such an attribute means nothing the rule can use: it declines.
      return Attempt.miss("it reads an attribute of another kind than it expects (" + e.getMessage() + ")");
    }
    if (!verdict.isSuccess()) {
      return Attempt.miss(verdict.reason());
    }
    return Attempt.hit(match.withBindings(verdict.bindings()));
  }

  private static String safetyProblem(Match match, boolean inPlace) {
    for (Value out : match.root().outputs()) {
      if (out.isGraphOutput() && !inPlace) {
        return "'" + out.name() + "' is a graph output; rewriting would change the model's output names";
      }
    }
    Set<Node> inside = new HashSet<>(match.nodes());
    for (Node n : match.nodes()) {
      if (n == match.root()) {
        continue;
      }
      for (Value out : n.outputs()) {
        if (out.isGraphOutput()) {
          return "intermediate '" + out.name() + "' is a graph output";
        }
        for (Usage u : out.uses()) {
          if (!inside.contains(u.node())) {
            return "intermediate '" + out.name() + "' is also read by " + PatternMatcher.describe(u.node());
          }
        }
      }
    }
    return null;
  }
}
