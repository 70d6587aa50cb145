package dev.scalpel.passes.fold;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Constants;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.traverse.TopologicalOrder;
import dev.scalpel.passes.PassContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Replaces each {@code If} whose condition is known before run time by the nodes of the branch it
 * takes, in any graph of a model (main graph or subgraph).
 *
 * <p>The branch's initializers and nodes move into the If's graph right before the If; a moved
 * value keeps its name unless another value of the model (outside the branch) already has it, and
 * then gets a fresh one (node names likewise). Reads of enclosing-graph values stay what they are,
 * since a subgraph reads them as the very same {@link Value}s. Subgraphs of moved nodes move with
 * them, and their reads of branch values follow the moved values. The If's readers read the
 * branch's outputs instead; an If output that is a graph output keeps its name (the moved producer
 * takes it, or an Identity of that name is added when the branch output is a value from outside
 * the branch), so the graph's signature does not change.
 */
final class IfInlining {
  private IfInlining() {}

  /**
   * Inlines, to a fixed point, every If of {@code root} and its subgraphs whose condition {@code
   * known} (or a Constant node) gives.
   *
   * @return how many Ifs were inlined
   */
  static int run(Graph root, Function<Value, Optional<Tensor>> known, PassContext context) {
    int inlined = 0;
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Graph g : root.allGraphs()) {
        for (Node n : g.nodes()) {
          // NOTE: an If moved by an earlier inlining left a detached copy in the old branch; skip it.
          if (!isIf(n) || !attachedTo(n.graph(), root)) {
            continue;
          }
          Optional<Boolean> cond = condition(n, known);
          if (cond.isPresent() && inline(n, cond.get(), context)) {
            inlined++;
            progress = true;
          }
        }
      }
    }
    return inlined;
  }

  /** Whether {@code g} is {@code root} or nested in it through nodes that are still in their graphs. */
  private static boolean attachedTo(Graph g, Graph root) {
    while (g != null && g != root) {
      Node owner = g.ownerNode();
      g = owner == null ? null : owner.graph();
    }
    return g == root;
  }

  private static boolean isIf(Node n) {
    return n.isDefaultDomain() && n.opType().equals("If") && !n.inputs().isEmpty() && n.input(0) != null;
  }

  /** The If's condition if it is a known one-element bool tensor. */
  static Optional<Boolean> condition(Node ifNode, Function<Value, Optional<Tensor>> known) {
    Value c = ifNode.input(0);
    Optional<Tensor> t = known.apply(c);
    if (t.isEmpty()) {
      t = Constants.of(c);
    }
    if (t.isEmpty() || t.get().dataType() != DataType.BOOL || t.get().elementCount() != 1) {
      return Optional.empty();
    }
    java.nio.ByteBuffer data = t.get().data();
    return Optional.of(data.get(data.position()) != 0);
  }

  /**
   * Inlines the branch {@code cond} selects.
   *
   * @return false (with a diagnostic) when the If is malformed in a way that forbids inlining
   */
  static boolean inline(Node ifNode, boolean cond, PassContext context) {
    String branchName = cond ? "then_branch" : "else_branch";
    Optional<Attribute> attr = ifNode.attribute(branchName);
    String refusal = null;
    Graph branch = null;
    if (attr.isEmpty() || !(attr.get() instanceof Attribute.GraphAttr)) {
      refusal = "it has no " + branchName + " graph";
    } else {
      branch = attr.get().asGraph();
      if (!branch.inputs().isEmpty()) {
        refusal = branchName + " declares inputs";
      } else if (!branch.sparseInitializers().isEmpty()) {
        refusal = branchName + " has sparse initializers";
      } else if (branch.outputs().size() != ifNode.outputs().size()) {
        refusal = branchName + " has " + branch.outputs().size() + " outputs, the If " + ifNode.outputs().size();
      }
    }
    if (refusal != null) {
      context.report("not folded " + ifNode.describe() + " (condition " + cond + "): " + refusal);
      return false;
    }
    new Move(ifNode, branch).run();
    return true;
  }

  /** One inlining: the state that maps the branch's values to their moved counterparts. */
  private static final class Move {
    private final Node ifNode;
    private final Graph branch;
    private final Graph target;
    private final Set<String> valueNamesOutside = new HashSet<>();
    private final Set<String> nodeNamesOutside = new HashSet<>();
    private final Map<Value, Value> moved = new IdentityHashMap<>();
    private final Set<Value> movedNodeOutputs = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    Move(Node ifNode, Graph branch) {
      this.ifNode = ifNode;
      this.branch = branch;
      this.target = ifNode.graph();
      collectNamesOutsideBranch();
    }

    /** Every value and node name of the model except those the branch itself defines. */
    private void collectNamesOutsideBranch() {
      for (Graph g : target.root().allGraphs()) {
        boolean own = g == branch;
        if (!own) {
          g.inputs().forEach(v -> valueNamesOutside.add(v.name()));
          g.initializers().forEach(v -> valueNamesOutside.add(v.name()));
          g.sparseInitializers().forEach(v -> valueNamesOutside.add(v.name()));
        }
        for (Node n : g) {
          if (own) {
            continue;
          }
          n.outputs().forEach(v -> valueNamesOutside.add(v.name()));
          if (n.hasName()) {
            nodeNamesOutside.add(n.name());
          }
        }
      }
    }

    void run() {
      for (Value init : branch.initializers()) {
        Value copy = new Value(valueName(init.name()), init.type());
        copyDeclaration(init, copy);
        target.addInitializer(copy, init.initializer().orElseThrow());
        moved.put(init, copy);
      }
      for (Node n : TopologicalOrder.of(branch)) {
        moveNode(n);
      }
      // NOTE: nodes of moved subgraphs still read the branch's values; point them at the moved ones.
      for (Map.Entry<Value, Value> e : moved.entrySet()) {
        for (Usage u : new ArrayList<>(e.getKey().uses())) {
          if (u.node().graph() != branch) {
            u.node().replaceInput(u.inputIndex(), e.getValue());
          }
        }
      }
      for (int i = 0; i < ifNode.outputs().size(); i++) {
        Value out = ifNode.output(i);
        if (!out.name().isEmpty()) {
          rewire(out, mapped(branch.outputs().get(i)));
        }
      }
      target.remove(ifNode);
    }

    private void moveNode(Node n) {
      List<Value> inputs = new ArrayList<>(n.inputs().size());
      for (Value in : n.inputs()) {
        inputs.add(in == null ? null : mapped(in));
      }
      List<String> outputNames = new ArrayList<>();
      for (Value o : n.outputs()) {
        outputNames.add(o.name().isEmpty() ? "" : valueName(o.name()));
      }
      List<Attribute> attributes = new ArrayList<>(n.attributes().values());
      // NOTE: a subgraph belongs to one node; it leaves the old node before the copy takes it.
      for (Attribute a : attributes) {
        if (!a.subgraphs().isEmpty()) {
          n.removeAttribute(a.name());
        }
      }
      Node copy = new Node(n.hasDomain() ? n.domain() : null, n.opType(), inputs, outputNames, attributes);
      if (n.hasName()) {
        copy.setName(nodeNamesOutside.contains(n.name()) ? target.freshNodeName(n.name()) : n.name());
      }
      copy.setOverload(n.hasOverload() ? n.overload() : null);
      copy.setDocString(n.hasDocString() ? n.docString() : null);
      if (n.hasMetadataProps()) {
        copy.metadataProps().putAll(n.metadataProps());
      }
      copy.setUnmodeled(n.unmodeled());
      for (int i = 0; i < n.outputs().size(); i++) {
        copyDeclaration(n.output(i), copy.output(i));
        moved.put(n.output(i), copy.output(i));
        movedNodeOutputs.add(copy.output(i));
      }
      target.insertBefore(ifNode, copy);
      for (int i = 0; i < n.outputs().size(); i++) {
        if (branch.declaresValueInfo(n.output(i))) {
          target.declareValueInfo(copy.output(i));
        }
      }
    }

    /** Makes the readers of If output {@code out} read {@code source}, keeping a graph output's name. */
    private void rewire(Value out, Value source) {
      if (source.type() == null && out.type() != null) {
        source.setType(out.type());
      }
      out.replaceAllUsesWith(source);
      if (!out.isGraphOutput()) {
        return;
      }
      String name = out.name();
      out.setName(target.freshValueName(name));
      Value named;
      if (movedNodeOutputs.contains(source) && !source.isGraphOutput()) {
        source.setName(name);
        named = source;
      } else {
        // NOTE: the branch returns a value from outside it (or one already a graph output): an
        // Identity gives the If's output name without renaming a value others know.
        Node identity = new Node(null, "Identity", List.of(source), List.of(name), List.of());
        target.insertBefore(ifNode, identity);
        named = identity.output(0);
      }
      if (out.type() != null) {
        named.setType(out.type());
      }
      for (int k = 0; k < target.outputs().size(); k++) {
        if (target.outputs().get(k) == out) {
          target.setOutput(k, named);
        }
      }
    }

    private Value mapped(Value v) {
      return moved.getOrDefault(v, v);
    }

    private String valueName(String name) {
      return valueNamesOutside.contains(name) ? target.freshValueName(name) : name;
    }

    private static void copyDeclaration(Value from, Value to) {
      to.setType(from.type());
      to.setDocString(from.hasDocString() ? from.docString() : null);
    }
  }
}
