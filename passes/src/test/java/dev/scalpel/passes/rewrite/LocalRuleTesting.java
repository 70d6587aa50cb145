package dev.scalpel.passes.rewrite;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.PassContext;
import dev.scalpel.passes.common.InferShapes;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the local-rule tests share: infer shapes, rewrite, look at the result. */
final class LocalRuleTesting {
  private LocalRuleTesting() {}

  /**
   * Shape inference and the standard rules, repeated (as a simplify pipeline does) until the rules
   * change nothing, so that rules needing the types of values made by other rules see them. The
   * stats sum the applications of every round.
   */
  static RewriteStats simplify(Model m) {
    Map<String, Integer> total = new java.util.LinkedHashMap<>();
    for (int round = 0; round < 8; round++) {
      new InferShapes().run(m, new PassContext());
      RewriteStats s = new GreedyRewriter(RuleSet.standard().rules(), RuleSet.DEFAULT_MAX_SWEEPS).run(m);
      s.applications().forEach((id, n) -> total.merge(id, n, Integer::sum));
      if (s.total() == 0) {
        return new RewriteStats(total, round + 1, false);
      }
    }
    throw new AssertionError("no fixed point after 8 rounds: " + total);
  }

  static Map<String, Long> ops(Model m) {
    return m.graph().nodes().stream().collect(Collectors.groupingBy(Node::opType, Collectors.counting()));
  }

  /** The op types in graph order. */
  static List<String> opSequence(Model m) {
    return m.graph().nodes().stream().map(Node::opType).toList();
  }

  static Node first(Model m, String opType) {
    return m.graph().nodes().stream().filter(n -> n.opType().equals(opType)).findFirst().orElseThrow();
  }

  /**
   * The reasons rule {@code id} gives at its candidate nodes, after shape inference, one a line.
   *
   * @throws AssertionError if it fires at one of them
   */
  static String whyNot(Model m, String id) {
    new InferShapes().run(m, new PassContext());
    List<Explanation> why = RuleSet.standard().explain(id, m);
    if (why.isEmpty() || why.stream().anyMatch(Explanation::fires)) {
      throw new AssertionError(id + " fires or has no candidate: " + why);
    }
    return why.stream().map(Explanation::reason).collect(Collectors.joining("\n"));
  }

  static long[] longs(Value v) {
    return v.constantValue().map(Tensor::toLongArray).orElseThrow();
  }

  static float[] floats(Value v) {
    return v.constantValue().map(Tensor::toFloatArray).orElseThrow();
  }
}
