package dev.scalpel.passes.rewrite;

import dev.scalpel.opset.infer.ShapeInference;
import java.util.function.Supplier;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.OpId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies rules until none fires: sweeps every graph (subgraphs too), trying on each node the
 * rules indexed under its op, and repeats while a sweep changed something, at most {@code
 * maxSweeps} times. The driver, not the rule, adds initializers, inserts the new nodes before the
 * root, rewires the root's uses and removes the matched nodes.
 */
public final class GreedyRewriter {
  /** An analysis that knows nothing: rules that need one do not fire. */
  static final ShapeInference.Result NO_SHAPES = ShapeInference.Result.NONE;

  private final Map<OpId, List<RewriteRule>> byRoot = new LinkedHashMap<>();
  private final int maxSweeps;

  public GreedyRewriter(List<? extends RewriteRule> rules, int maxSweeps) {
    if (maxSweeps < 1) {
      throw new IllegalArgumentException("maxSweeps must be positive: " + maxSweeps);
    }
    for (RewriteRule r : rules) {
      byRoot.computeIfAbsent(r.root(), k -> new ArrayList<>()).add(r);
    }
    this.maxSweeps = maxSweeps;
  }

  /** Runs the rules without a shape analysis (rules that need one do not fire). */
  public RewriteStats run(Model model) {
    return run(model, NO_SHAPES);
  }

  /**
   * Runs the rules; {@code shapes} is the shape analysis of the model as it is now, which rules read
   * through {@link Match#valueOf} (see there why it stays usable while the rules rewrite).
   */
  public RewriteStats run(Model model, ShapeInference.Result shapes) {
    return run(model, () -> shapes);
  }

  /**
   * Runs the rules; the shape analysis is asked of {@code shapes} only when a rule first reads it,
   * and kept for the rest of the run.
   */
  public RewriteStats run(Model model, Supplier<ShapeInference.Result> shapes) {
    Supplier<ShapeInference.Result> once = new Supplier<>() {
      private ShapeInference.Result result;

      @Override
      public ShapeInference.Result get() {
        if (result == null) {
          result = shapes.get();
        }
        return result;
      }
    };
    Map<String, Integer> counts = new LinkedHashMap<>();
    int sweeps = 0;
    boolean changed = true;
    while (changed && sweeps < maxSweeps) {
      sweeps++;
      changed = sweep(model, counts, once);
    }
    return new RewriteStats(counts, sweeps, changed);
  }

  private boolean sweep(Model model, Map<String, Integer> counts, Supplier<ShapeInference.Result> shapes) {
    boolean changed = false;
    for (Graph g : model.graph().allGraphs()) {
      for (Node node : g.nodes()) {
        // NOTE: an earlier rewrite in this sweep may have removed the node.
        if (node.graph() != g) {
          continue;
        }
        for (RewriteRule rule : byRoot.getOrDefault(OpId.of(node), List.of())) {
          Attempt a = RuleAttempt.attempt(rule, node, model, shapes);
          if (a.isHit()) {
            apply(rule, a.match());
            counts.merge(rule.id(), 1, Integer::sum);
            changed = true;
            break;
          }
        }
      }
    }
    return changed;
  }

  private static void apply(RewriteRule rule, Match match) {
    Node root = match.root();
    Graph graph = root.graph();
    RewriteBuilder builder = new RewriteBuilder(graph);
    Replacement replacement = rule.rewrite(match, builder);
    if (replacement.isInPlace() != rule.inPlace()) {
      throw new IllegalStateException(rule.id() + " returned a replacement of the wrong kind (in place: "
          + replacement.isInPlace() + ")");
    }
    if (replacement.isInPlace()) {
      applyInPlace(replacement, match, builder);
      return;
    }
    if (replacement.outputs().size() != root.outputs().size()) {
      throw new IllegalStateException(rule.id() + " replaced " + replacement.outputs().size()
          + " outputs of a node with " + root.outputs().size());
    }
    for (Map.Entry<Value, Tensor> e : builder.initializers().entrySet()) {
      graph.addInitializer(e.getKey(), e.getValue());
    }
    for (Node n : builder.nodes()) {
      graph.insertBefore(root, n);
    }
    for (int i = 0; i < root.outputs().size(); i++) {
      Value out = root.output(i);
      Value with = replacement.outputs().get(i);
      if (with != null) {
        if (rule.keepsTypes()) {
          inheritType(out, with, builder);
        }
        out.replaceAllUsesWith(with);
      } else if (out.isUsed()) {
        throw new IllegalStateException(rule.id() + " left used output '" + out.name() + "' without a replacement");
      }
    }
    removeDead(match, match.nodes());
  }

  /**
   * Gives {@code with}, a value the rewrite created without a type, the type of {@code out}, the
   * value it replaces.
   *
   * <p>NOTE: a rewrite computes the same tensor (unless its rule says otherwise, {@link
   * RewriteRule#keepsRootOutputTypes}), so the type is the same; without this, the next
   * {@code infer-shapes} would find the new value untyped, annotate it, count that as a change and
   * cost the pipeline a whole extra round to confirm its fixed point. Values the rewrite did not
   * create (an existing value taking the place of an eliminated node's output) keep their own type.
   */
  private static void inheritType(Value out, Value with, RewriteBuilder builder) {
    if (with.type() != null || out.type() == null || with.producer() == null
        || !builder.nodes().contains(with.producer())) {
      return;
    }
    with.setType(out.type());
  }

  /** Gives the root its new inputs and drops attributes; the matched nodes below it may die. */
  private static void applyInPlace(Replacement replacement, Match match, RewriteBuilder builder) {
    Node root = match.root();
    Graph graph = root.graph();
    if (replacement.rootInputs().size() != root.inputs().size()) {
      throw new IllegalStateException("an in-place replacement must give every input of " + root.describe());
    }
    for (Map.Entry<Value, Tensor> e : builder.initializers().entrySet()) {
      graph.addInitializer(e.getKey(), e.getValue());
    }
    for (Node n : builder.nodes()) {
      graph.insertBefore(root, n);
    }
    for (int i = 0; i < root.inputs().size(); i++) {
      if (root.input(i) != replacement.rootInputs().get(i)) {
        root.replaceInput(i, replacement.rootInputs().get(i));
      }
    }
    for (String a : replacement.droppedAttributes()) {
      root.removeAttribute(a);
    }
    removeDead(match, match.nodes().subList(1, match.nodes().size()));
  }

  private static void removeDead(Match match, List<Node> candidates) {
    // NOTE: root first, producers after consumers, so each node is unused when its turn comes.
    for (Node n : candidates) {
      if (n.outputs().stream().noneMatch(Value::isUsed)) {
        n.graph().remove(n);
      }
    }
    for (Value v : match.constantValues()) {
      if (v.isInitializer() && !v.isUsed() && !v.isGraphInput() && !v.isGraphOutput()) {
        v.graph().removeInitializer(v);
      }
    }
  }
}
