package dev.scalpel.cli.report.html;

import dev.scalpel.cli.report.AttributeText;
import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pairs the top-level nodes of two versions of a model and says what became of each one.
 *
 * <p>A node of {@code before} pairs with the node of {@code after} that has its name; failing that
 * (unnamed nodes, renamed ones), with the node that produces one of its output values; failing
 * that, a node of {@code after} named {@code X_<digits>} (a fresh name) pairs with the unpaired
 * node {@code X} of the same op. Pairing is one to one. An unpaired node of {@code before} is
 * {@link NodeChange#FUSED} when what it computed is now computed by another node (see {@link
 * #gone}), {@link NodeChange#FOLDED} when its value is now an initializer, else {@link
 * NodeChange#REMOVED}; an unpaired node of {@code after} is {@link NodeChange#ADDED}.
 * Subgraphs (If/Loop bodies) are not paired: a node with subgraphs is compared by its own fields.
 */
public final class GraphDiff {
  private static final Pattern FRESH = Pattern.compile("^(.+)_\\d+$");
  private final Map<Node, NodeChange> changes = new IdentityHashMap<>();
  private final Map<Node, Node> partners = new IdentityHashMap<>();

  private GraphDiff() {}

  /** Every node of {@code model} {@link NodeChange#KEPT}, paired with itself: a drawing of one model. */
  public static GraphDiff none(Model model) {
    GraphDiff d = new GraphDiff();
    for (Node n : model.graph()) {
      d.changes.put(n, NodeChange.KEPT);
    }
    return d;
  }

  public static GraphDiff of(Model before, Model after) {
    GraphDiff d = new GraphDiff();
    Graph b = before.graph();
    Graph a = after.graph();
    Map<String, Node> afterByName = new HashMap<>();
    Map<String, Node> afterByOutput = new HashMap<>();
    for (Node n : a) {
      if (n.hasName() && !n.name().isEmpty()) {
        afterByName.putIfAbsent(n.name(), n);
      }
      for (Value v : n.outputs()) {
        if (!v.name().isEmpty()) {
          afterByOutput.putIfAbsent(v.name(), n);
        }
      }
    }
    List<Node> unpaired = new ArrayList<>();
    for (Node n : b) {
      Node partner = n.hasName() && !n.name().isEmpty() ? free(d, afterByName.get(n.name())) : null;
      for (int i = 0; partner == null && i < n.outputs().size(); i++) {
        partner = free(d, afterByOutput.get(n.output(i).name()));
      }
      if (partner == null) {
        unpaired.add(n);
      } else {
        d.pair(n, partner);
      }
    }
    // NOTE: a rewrite that builds a node anew gives it a fresh name: "X" becomes "X_0".
    Map<String, Node> unpairedByName = new HashMap<>();
    unpaired.forEach(n -> {
      if (n.hasName() && !n.name().isEmpty()) {
        unpairedByName.putIfAbsent(n.name(), n);
      }
    });
    for (Node n : a) {
      Matcher m = FRESH.matcher(n.hasName() ? n.name() : "");
      Node old = m.matches() && !d.partners.containsKey(n) ? unpairedByName.get(m.group(1)) : null;
      if (old != null && !d.partners.containsKey(old) && old.opType().equals(n.opType())) {
        d.pair(old, n);
      }
    }
    unpaired.removeIf(d.partners::containsKey);
    for (Node n : unpaired) {
      d.changes.put(n, d.gone(n, a, afterByOutput));
    }
    for (Node n : a) {
      d.changes.putIfAbsent(n, NodeChange.ADDED);
    }
    return d;
  }

  /** What became of {@code node} (a node of either model); KEPT for a node this diff never saw. */
  public NodeChange change(Node node) {
    return changes.getOrDefault(node, NodeChange.KEPT);
  }

  /** The node {@code node} is paired with in the other model, or null. */
  public Node partner(Node node) {
    return partners.get(node);
  }

  private static Node free(GraphDiff d, Node candidate) {
    return candidate == null || d.partners.containsKey(candidate) ? null : candidate;
  }

  private void pair(Node before, Node after) {
    NodeChange change = same(before, after) ? NodeChange.KEPT : NodeChange.CHANGED;
    partners.put(before, after);
    partners.put(after, before);
    changes.put(before, change);
    changes.put(after, change);
  }

  /**
   * FUSED when a value it produced is still computed, or when a paired reader of that value now
   * reads, in its place, the output of a new or changed node (BatchNormalization folded into the
   * Conv before it); FOLDED when the value is an initializer now; else REMOVED.
   */
  private NodeChange gone(Node n, Graph after, Map<String, Node> afterByOutput) {
    boolean folded = false;
    for (Value v : n.outputs()) {
      if (v.name().isEmpty()) {
        continue;
      }
      if (afterByOutput.containsKey(v.name())) {
        return NodeChange.FUSED;
      }
      for (dev.scalpel.graph.Usage use : v.uses()) {
        Node reader = partners.get(use.node());
        int i = use.inputIndex();
        Value now = reader == null || i >= reader.inputs().size() ? null : reader.input(i);
        Node producer = now == null ? null : now.producer();
        if (producer != null && changes.getOrDefault(producer, NodeChange.ADDED) != NodeChange.KEPT) {
          return NodeChange.FUSED;
        }
      }
      folded |= after.initializer(v.name()).isPresent();
    }
    return folded ? NodeChange.FOLDED : NodeChange.REMOVED;
  }

  /** Same op, domain, input names and attributes (tensor-valued attributes compared by name only). */
  private static boolean same(Node x, Node y) {
    if (!x.opType().equals(y.opType()) || !Objects.equals(x.domain(), y.domain())
        || x.inputs().size() != y.inputs().size() || !x.attributes().keySet().equals(y.attributes().keySet())) {
      return false;
    }
    for (int i = 0; i < x.inputs().size(); i++) {
      if (!name(x.input(i)).equals(name(y.input(i)))) {
        return false;
      }
    }
    for (Map.Entry<String, Attribute> e : x.attributes().entrySet()) {
      if (!AttributeText.format(e.getValue()).equals(AttributeText.format(y.attributes().get(e.getKey())))) {
        return false;
      }
    }
    return true;
  }

  private static String name(Value v) {
    return v == null ? "" : v.name();
  }
}
