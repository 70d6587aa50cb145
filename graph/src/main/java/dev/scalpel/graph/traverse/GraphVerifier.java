package dev.scalpel.graph.traverse;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.OpsetImports;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the structural rules of a model's IR and reports every break as a {@link Finding}.
 *
 * <p>The main graph with all its subgraphs is one scope; each function body with its subgraphs is
 * another. Within a scope, value names and given node names are unique, every node input is
 * visible (defined in its graph or an enclosing one, by a node still in a graph, an input or an
 * initializer), use lists match node inputs both ways, every operator domain is imported by the
 * model (or the function), graph outputs are visible values, and each graph is acyclic and in
 * topological order. The verifier never changes the model.
 */
public final class GraphVerifier {
  private GraphVerifier() {}

  /** The rules, each with a stable kebab-case id; every break is an error. */
  public enum Rule implements Finding.Rule {
    /** Two distinct values carry one name within a scope. */
    SINGLE_PRODUCER("single-producer"),
    /** A node reads a value that is not visible from its graph. */
    DANGLING_USE("dangling-use"),
    /** A value's use list and the inputs of nodes disagree. */
    USE_LIST("use-list"),
    /** Two nodes of a scope carry one non-empty name. */
    UNIQUE_NODE_NAME("unique-node-name"),
    /** A node's operator domain is not among the opset imports. */
    UNDECLARED_DOMAIN("undeclared-domain"),
    /** A graph output is not a visible value. */
    UNPRODUCED_OUTPUT("unproduced-output"),
    /** A graph's dependencies form a cycle. */
    CYCLE("cycle"),
    /** An acyclic graph lists a node before one it depends on; sorting fixes it. */
    NOT_TOPOLOGICAL("not-topological");

    private final String id;

    Rule(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Finding.Severity severity() {
      return Finding.Severity.ERROR;
    }
  }

  /** Every rule that {@code model} breaks, main graph first, then functions in order. */
  public static List<Finding> verify(Model model) {
    List<Finding> findings = new ArrayList<>();
    new ScopeCheck(model.graph(), model.opsetImports(), "graph '" + model.graph().name() + "'", findings).run();
    for (Function f : model.functions()) {
      new ScopeCheck(f.body(), f.opsetImports(), "function " + f.qualifiedName(), findings).run();
    }
    return Collections.unmodifiableList(findings);
  }

  /**
   * Verifies {@code model}.
   *
   * @throws InvalidModelException listing every finding, one per line, if there is any
   */
  public static void verifyOrThrow(Model model) {
    List<Finding> findings = verify(model);
    if (!findings.isEmpty()) {
      throw new InvalidModelException(
          "model breaks " + findings.size() + " structural rule(s):\n"
              + findings.stream().map(Finding::toString).collect(Collectors.joining("\n")));
    }
  }

  /** The checks of one scope: a root graph (main graph or function body) and its subgraphs. */
  private static final class ScopeCheck {
    /** A graph of the scope with the graphs it may read from (itself and its enclosing graphs). */
    private record Scoped(Graph graph, List<Graph> visible, String location) {}

    private final Graph root;
    private final OpsetImports imports;
    private final String rootLocation;
    private final List<Finding> findings;
    private final List<Scoped> graphs = new ArrayList<>();
    private final Set<Node> liveNodes = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, Value> valueNames = new HashMap<>();
    private final Map<String, Node> nodeNames = new HashMap<>();
    private final Set<String> reportedDomains = new HashSet<>();
    private final Set<Value> values = Collections.newSetFromMap(new IdentityHashMap<>());

    ScopeCheck(Graph root, OpsetImports imports, String rootLocation, List<Finding> findings) {
      this.root = root;
      this.imports = imports;
      this.rootLocation = rootLocation;
      this.findings = findings;
    }

    void run() {
      collect(root, List.of(root), rootLocation);
      for (Scoped s : graphs) {
        checkDefinitions(s);
        for (Node n : s.graph()) {
          checkNode(n, s);
        }
        checkOutputs(s);
        checkOrder(s);
      }
      checkUseLists();
    }

    private void collect(Graph g, List<Graph> visible, String location) {
      graphs.add(new Scoped(g, visible, location));
      for (Node n : g) {
        liveNodes.add(n);
        for (Attribute a : n.attributes().values()) {
          for (Graph sub : a.subgraphs()) {
            List<Graph> inner = new ArrayList<>(visible);
            inner.add(sub);
            collect(sub, inner, location + " > " + n.describe() + "." + a.name());
          }
        }
      }
    }

    private void report(Rule rule, Scoped where, String message) {
      findings.add(rule.at(where.location(), "", "", message));
    }

    // ------------------------------------------------------------ names

    private void checkDefinitions(Scoped s) {
      Set<Value> inputsAndInits = new LinkedHashSet<>(s.graph().inputs());
      inputsAndInits.addAll(s.graph().initializers());
      inputsAndInits.addAll(s.graph().sparseInitializers());
      for (Value v : inputsAndInits) {
        define(v, s);
      }
      for (Node n : s.graph()) {
        for (Value v : n.outputs()) {
          if (!v.name().isEmpty()) {
            define(v, s);
          }
        }
        if (!n.name().isEmpty()) {
          Node other = nodeNames.putIfAbsent(n.name(), n);
          if (other != null && other != n) {
            report(Rule.UNIQUE_NODE_NAME, s, "node name '" + n.name() + "' is used by " + other.opType()
                + " and by " + n.opType());
          }
        }
      }
    }

    private void define(Value v, Scoped s) {
      values.add(v);
      Value other = valueNames.putIfAbsent(v.name(), v);
      if (other != null && other != v) {
        report(Rule.SINGLE_PRODUCER, s, "value '" + v.name() + "' is defined twice: as "
            + definition(other) + " and as " + definition(v));
      }
    }

    private static String definition(Value v) {
      if (v.producer() != null) {
        return "output of " + v.producer().describe();
      }
      Graph g = v.graph();
      String where = g == null ? "no graph" : "graph '" + g.name() + "'";
      return (v.isInitializer() ? "initializer of " : "input of ") + where;
    }

    // ------------------------------------------------------------ nodes

    private void checkNode(Node n, Scoped s) {
      List<Value> ins = n.inputs();
      for (int i = 0; i < ins.size(); i++) {
        Value v = ins.get(i);
        if (v == null) {
          continue;
        }
        values.add(v);
        String problem = visibility(v, s.visible());
        if (problem != null) {
          report(Rule.DANGLING_USE, s, "input " + i + " of " + n.describe() + " reads '" + v.name() + "', " + problem);
        }
        int listed = countUses(v, n, i);
        if (listed != 1) {
          report(Rule.USE_LIST, s, "input " + i + " of " + n.describe() + " reads '" + v.name()
              + "', whose use list records that " + listed + " times");
        }
      }
      String domain = n.domain();
      if (!imports.imports(domain) && reportedDomains.add(domain)) {
        report(Rule.UNDECLARED_DOMAIN, s, "domain '" + domain + "' of " + n.describe() + " is not imported");
      }
    }

    private static int countUses(Value v, Node n, int index) {
      int count = 0;
      for (Usage u : v.uses()) {
        if (u.node() == n && u.inputIndex() == index) {
          count++;
        }
      }
      return count;
    }

    /** Null if {@code v} is visible from the last graph of {@code visible}, else why not. */
    private static String visibility(Value v, List<Graph> visible) {
      Node producer = v.producer();
      if (producer != null) {
        if (producer.graph() == null) {
          return "whose producer " + producer.describe() + " was removed";
        }
        return containsGraph(visible, producer.graph())
            ? null
            : "which " + producer.describe() + " produces in graph '" + producer.graph().name() + "', out of reach";
      }
      Graph owner = v.graph();
      if (owner != null && (v.isGraphInput() || v.isInitializer()) && containsGraph(visible, owner)) {
        return null;
      }
      return "which is no node's output and no input or initializer of this or an enclosing graph";
    }

    private static boolean containsGraph(List<Graph> graphs, Graph g) {
      for (Graph candidate : graphs) {
        if (candidate == g) {
          return true;
        }
      }
      return false;
    }

    private void checkOutputs(Scoped s) {
      for (Value v : s.graph().outputs()) {
        values.add(v);
        String problem = visibility(v, s.visible());
        if (problem != null) {
          report(Rule.UNPRODUCED_OUTPUT, s, "output '" + v.name() + "' " + problem.replaceFirst("^which", "is a value which"));
        }
      }
    }

    private void checkOrder(Scoped s) {
      List<Node> order;
      try {
        order = TopologicalOrder.of(s.graph());
      } catch (InvalidModelException e) {
        report(Rule.CYCLE, s, e.getMessage());
        return;
      }
      if (!order.equals(s.graph().nodes())) {
        report(Rule.NOT_TOPOLOGICAL, s, firstOutOfOrder(s.graph()));
      }
    }

    private static String firstOutOfOrder(Graph g) {
      Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Node n : g) {
        for (Value v : n.inputs()) {
          Node p = v == null ? null : v.producer();
          if (p != null && p.graph() == g && !seen.contains(p)) {
            return n.describe() + " reads '" + v.name() + "' before its producer " + p.describe();
          }
        }
        seen.add(n);
      }
      return "a subgraph of a node reads a value that a later node produces";
    }

    // ------------------------------------------------------------ use lists

    /** Every use a value lists must be a live node of this scope whose input reads the value. */
    private void checkUseLists() {
      Scoped rootScope = graphs.get(0);
      for (Value v : values) {
        for (Usage u : v.uses()) {
          Node n = u.node();
          if (!liveNodes.contains(n)) {
            report(Rule.USE_LIST, rootScope, "'" + v.name() + "' lists a use by " + n.describe()
                + ", which is not a node of this scope");
          } else if (u.inputIndex() >= n.inputs().size() || n.input(u.inputIndex()) != v) {
            report(Rule.USE_LIST, rootScope, "'" + v.name() + "' lists a use by input " + u.inputIndex()
                + " of " + n.describe() + ", which does not read it");
          }
        }
      }
    }
  }
}
