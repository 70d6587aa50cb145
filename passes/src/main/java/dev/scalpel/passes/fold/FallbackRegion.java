package dev.scalpel.passes.fold;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.PassContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The connected constant nodes one sweep leaves to the {@link ConstantEvaluator}: nodes without a
 * Java kernel whose inputs are constant, and the nodes downstream of them whose inputs are
 * constant or produced inside the region. Evaluated in one call, so one session serves the region;
 * a result that contradicts the shape inference forecast for it folds nothing of the region.
 */
final class FallbackRegion {
  private final List<Node> nodes = new ArrayList<>();
  private final Set<Value> produced = new HashSet<>();
  private final Map<Value, Tensor> constants = new LinkedHashMap<>();

  boolean isEmpty() {
    return nodes.isEmpty();
  }

  /**
   * Whether every input of {@code node} is exactly known or produced inside the region, and one is
   * the latter.
   *
   * <p>NOTE: such a node is taken whether or not it has a Java kernel: its inputs are known only once
   * the evaluator has run, and the evaluator then checks it against its kernel and gives no value
   * the kernel refuses as undefined ({@link ConstantEvaluator}'s contract).
   */
  boolean canTake(Node node) {
    boolean readsRegion = false;
    for (Value in : node.inputs()) {
      if (in == null) {
        continue;
      }
      if (produced.contains(in)) {
        readsRegion = true;
      } else if (in.constantValue().isEmpty()) {
        return false;
      }
    }
    return readsRegion;
  }

  void add(Node node) {
    nodes.add(node);
    for (Value in : node.inputs()) {
      if (in != null && !produced.contains(in)) {
        in.constantValue().ifPresent(t -> constants.put(in, t));
      }
    }
    produced.addAll(node.outputs());
  }

  /**
   * Evaluates the region and materialises the outputs read outside it that fit the budget. Nothing
   * is evaluated unless {@link RegionForecast} predicts every value of the region within the
   * allowance ({@link FoldGrowth}).
   *
   * @return whether anything was folded
   */
  boolean evaluate(Model model, ConstantEvaluator evaluator, long maxOutputBytes, PassContext context) {
    Set<Node> members = new HashSet<>(nodes);
    Set<Value> wanted = new LinkedHashSet<>();
    for (Node n : nodes) {
      for (Value out : n.outputs()) {
        if (out.isGraphOutput() || out.consumers().stream().anyMatch(c -> !members.contains(c))) {
          wanted.add(out);
        }
      }
    }
    if (wanted.isEmpty()) {
      return false;
    }
    long freed = FoldGrowth.freedBytes(constants, nodes);
    long allowance = FoldGrowth.allowance(maxOutputBytes, freed);
    Map<Value, Value> forecast = new HashMap<>();
    String refusal = RegionForecast.refusal(RegionModel.of(model, nodes, constants, wanted, forecast), allowance);
    if (refusal != null) {
      context.report("not folded a region of " + nodes.size() + " nodes starting at " + nodes.get(0).describe()
          + ": " + refusal);
      return false;
    }
    Map<Value, Tensor> results;
    try {
      results = evaluator.evaluate(model, nodes, constants, wanted);
    } catch (RefusedNodesException e) {
      return evaluateWithout(e.reasons(), model, evaluator, maxOutputBytes, context);
    } catch (RuntimeException e) {
      context.report("not folded a region of " + nodes.size() + " nodes starting at " + nodes.get(0).describe()
          + ": " + e.getMessage());
      return false;
    }
    for (Map.Entry<Value, Tensor> r : results.entrySet()) {
      String contradiction = RegionForecast.contradiction(forecast.get(r.getKey()), r.getValue());
      if (contradiction != null) {
        context.report("not folded a region of " + nodes.size() + " nodes starting at " + nodes.get(0).describe()
            + ": the evaluator returned for " + r.getKey().name() + " " + contradiction);
        return false;
      }
    }
    boolean folded = false;
    for (Value v : wanted) {
      Optional<Tensor> t = Optional.ofNullable(results.get(v));
      if (t.isEmpty()) {
        continue;
      }
      String over = FoldGrowth.overAllowance(t.get().byteSize(), freed, maxOutputBytes);
      if (over != null) {
        context.report("not folded " + v.name() + " (" + v.producer().describe() + "): " + over);
        continue;
      }
      OutputMaterializer.replace(v.graph(), v, t.get());
      folded = true;
    }
    return folded;
  }

  /**
   * Reports the refused nodes and the region nodes that read what they compute (directly or not),
   * and evaluates the rest of the region, a smaller region, which reads only constants and what it
   * computes itself. A refused node left in the graph may fold in a later round through its Java
   * kernel, once what it reads has become constant.
   */
  private boolean evaluateWithout(Map<Node, String> refused, Model model, ConstantEvaluator evaluator,
      long maxOutputBytes, PassContext context) {
    Set<Node> dropped = new HashSet<>();
    Set<Value> lost = new HashSet<>();
    FallbackRegion rest = new FallbackRegion();
    for (Node n : nodes) {
      boolean readsDropped = n.inputs().stream().anyMatch(lost::contains);
      if (refused.containsKey(n) || readsDropped) {
        dropped.add(n);
        lost.addAll(n.outputs());
      } else {
        rest.add(n);
      }
    }
    refused.forEach((n, reason) -> context.report("not folded a region of " + dependents(n, dropped)
        + " nodes starting at " + n.describe() + ": " + reason));
    // NOTE: the evaluator refuses only nodes of the region, so the rest is strictly smaller.
    return !rest.isEmpty() && rest.nodes.size() < nodes.size()
        && rest.evaluate(model, evaluator, maxOutputBytes, context);
  }

  /** How many nodes of {@code dropped} are {@code n} or read, directly or not, what it computes. */
  private int dependents(Node n, Set<Node> dropped) {
    Set<Value> reached = new HashSet<>(n.outputs());
    int count = 1;
    for (Node m : nodes.subList(nodes.indexOf(n) + 1, nodes.size())) {
      if (dropped.contains(m) && m.inputs().stream().anyMatch(reached::contains)) {
        reached.addAll(m.outputs());
        count++;
      }
    }
    return count;
  }
}
