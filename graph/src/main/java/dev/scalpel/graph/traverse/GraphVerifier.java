package dev.scalpel.graph.traverse;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.OpsetImports;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
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
 * another. Names follow the ONNX IR rules: value names and given node names are unique within
 * each graph, and a node output of a subgraph does not reuse a name visible there from an
 * enclosing graph (its inputs, initializers, and outputs of the nodes before the one holding the
 * subgraph). Sibling subgraphs (an If's two branches) are separate graphs and may reuse each
 * other's names, and so may a subgraph's inputs and initializers reuse outer names. Every node
 * input is visible (defined in its graph or an enclosing one, by a node still in a graph, an input
 * or an initializer), use lists match node inputs both ways, every operator domain is imported by
 * the model (or the function), graph outputs are visible values, each graph is acyclic and in
 * topological order, no initializer and no main-graph input or output is a tensor of element
 * type UNDEFINED, and no model-local function reaches itself through calls. The verifier never
 * changes the model.
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
    NOT_TOPOLOGICAL("not-topological"),
    /** A model-local function calls itself, directly or through other functions. */
    RECURSIVE_FUNCTION("recursive-function"),
    /**
     * An initializer, a tensor attribute (a Constant's value), or a main-graph input or output is a
     * tensor of element type UNDEFINED.
     */
    UNDEFINED_ELEMENT_TYPE("undefined-element-type");

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

  /**
   * Every rule that {@code model} breaks: function call cycles first, then the main graph, then
   * functions in order.
   */
  public static List<Finding> verify(Model model) {
    List<Finding> findings = new ArrayList<>();
    for (List<Function> cycle : FunctionCalls.cycles(model)) {
      findings.add(Rule.RECURSIVE_FUNCTION.at("function " + cycle.get(0).qualifiedName(), "", "",
          FunctionCalls.describe(cycle)));
    }
    String main = "graph '" + model.graph().name() + "'";
    checkMainSignature(model.graph(), main, findings);
    new ScopeCheck(model.graph(), model.opsetImports(), main, findings).run();
    for (Function f : model.functions()) {
      new ScopeCheck(f.body(), f.opsetImports(), "function " + f.qualifiedName(), findings).run();
    }
    return Collections.unmodifiableList(findings);
  }

  /**
   * NOTE: the ONNX checker requires an element type of the main graph's tensor inputs and outputs
   * (it relaxes this for subgraphs and never checks value_info entries), and ONNX Runtime refuses
   * "Invalid tensor data type 0"; so only these are checked here, initializers everywhere.
   */
  private static void checkMainSignature(Graph g, String location, List<Finding> findings) {
    for (Value v : g.inputs()) {
      if (undefinedTensor(v)) {
        findings.add(Rule.UNDEFINED_ELEMENT_TYPE.at(location, "", "", "input '" + v.name()
            + "' is declared a tensor of element type UNDEFINED"));
      }
    }
    for (Value v : g.outputs()) {
      if (undefinedTensor(v)) {
        findings.add(Rule.UNDEFINED_ELEMENT_TYPE.at(location, "", "", "output '" + v.name()
            + "' is declared a tensor of element type UNDEFINED"));
      }
    }
  }

  private static boolean undefinedTensor(Value v) {
    return v.type() instanceof ValueType.TensorType t && t.elementType() == DataType.UNDEFINED;
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
    /**
     * A graph of the scope with the graphs it may read from (its enclosing graphs, then itself),
     * and for each enclosing graph the position of the node that holds the next graph inward.
     */
    private record Scoped(Graph graph, List<Graph> visible, int[] holderPositions, String location) {}

    /** Where a graph defines a name: -1 for inputs and initializers, else the producer's position. */
    private record Definition(Value value, int position) {}

    private final Graph root;
    private final OpsetImports imports;
    private final String rootLocation;
    private final List<Finding> findings;
    private final List<Scoped> graphs = new ArrayList<>();
    private final Set<Node> liveNodes = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Graph, Map<String, Definition>> definitions = new IdentityHashMap<>();
    private final Set<String> reportedDomains = new HashSet<>();
    private final Set<Value> values = Collections.newSetFromMap(new IdentityHashMap<>());

    ScopeCheck(Graph root, OpsetImports imports, String rootLocation, List<Finding> findings) {
      this.root = root;
      this.imports = imports;
      this.rootLocation = rootLocation;
      this.findings = findings;
    }

    void run() {
      collect(root, List.of(root), new int[0], rootLocation);
      for (Scoped s : graphs) {
        checkDefinitions(s);
      }
      for (Scoped s : graphs) {
        checkOuterNames(s);
        for (Node n : s.graph()) {
          checkNode(n, s);
        }
        checkOutputs(s);
        checkOrder(s);
      }
      checkUseLists();
    }

    private void collect(Graph g, List<Graph> visible, int[] holderPositions, String location) {
      graphs.add(new Scoped(g, visible, holderPositions, location));
      int position = 0;
      for (Node n : g) {
        liveNodes.add(n);
        for (Attribute a : n.attributes().values()) {
          for (Graph sub : a.subgraphs()) {
            List<Graph> inner = new ArrayList<>(visible);
            inner.add(sub);
            int[] positions = java.util.Arrays.copyOf(holderPositions, holderPositions.length + 1);
            positions[holderPositions.length] = position;
            collect(sub, inner, positions, location + " > " + n.describe() + "." + a.name());
          }
        }
        position++;
      }
    }

    private void report(Rule rule, Scoped where, String message) {
      findings.add(rule.at(where.location(), "", "", message));
    }

    // ------------------------------------------------------------ names

    /** Value and node names unique within the graph (ONNX IR: "unique within a graph"). */
    private void checkDefinitions(Scoped s) {
      Map<String, Definition> names = new HashMap<>();
      definitions.put(s.graph(), names);
      Set<Value> inputsAndInits = new LinkedHashSet<>(s.graph().inputs());
      inputsAndInits.addAll(s.graph().initializers());
      inputsAndInits.addAll(s.graph().sparseInitializers());
      for (Value v : inputsAndInits) {
        define(v, -1, names, s);
      }
      for (Value v : s.graph().initializers()) {
        if (v.initializer().map(t -> t.dataType() == DataType.UNDEFINED).orElse(false)) {
          report(Rule.UNDEFINED_ELEMENT_TYPE, s, "initializer '" + v.name() + "' has element type UNDEFINED");
        }
      }
      Map<String, Node> nodeNames = new HashMap<>();
      int position = 0;
      for (Node n : s.graph()) {
        for (Value v : n.outputs()) {
          if (!v.name().isEmpty()) {
            define(v, position, names, s);
          }
        }
        if (!n.name().isEmpty()) {
          Node other = nodeNames.putIfAbsent(n.name(), n);
          if (other != null && other != n) {
            report(Rule.UNIQUE_NODE_NAME, s, "node name '" + n.name() + "' is used by " + other.opType()
                + " and by " + n.opType());
          }
        }
        position++;
      }
    }

    private void define(Value v, int position, Map<String, Definition> names, Scoped s) {
      values.add(v);
      Definition other = names.putIfAbsent(v.name(), new Definition(v, position));
      if (other != null && other.value() != v) {
        report(Rule.SINGLE_PRODUCER, s, "value '" + v.name() + "' is defined twice: as "
            + definition(other.value()) + " and as " + definition(v));
      }
    }

    /**
     * ONNX IR: "In the case of a nested subgraph, a node output name MUST be distinct from the
     * names from the outer scopes that are visible in the nested subgraph." Visible from an
     * enclosing graph are its inputs and initializers and the outputs of its nodes before the node
     * that holds the subgraph.
     */
    private void checkOuterNames(Scoped s) {
      int depth = s.holderPositions().length;
      if (depth == 0) {
        return;
      }
      for (Node n : s.graph()) {
        for (Value v : n.outputs()) {
          if (v.name().isEmpty()) {
            continue;
          }
          for (int i = depth - 1; i >= 0; i--) {
            Definition outer = definitions.get(s.visible().get(i)).get(v.name());
            if (outer != null && outer.position() < s.holderPositions()[i] && outer.value() != v) {
              report(Rule.SINGLE_PRODUCER, s, "value '" + v.name() + "', output of " + n.describe()
                  + ", reuses the name of " + definition(outer.value()) + ", visible here from an enclosing graph");
              break;
            }
          }
        }
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
      for (Attribute a : n.attributes().values()) {
        // NOTE: ONNX's checker refuses such a tensor wherever it is; as an attribute it became an
        // initializer (constants-to-initializers) that this rule then refused, mid-pipeline.
        boolean undefined = a instanceof Attribute.TensorAttr t ? t.value().dataType() == DataType.UNDEFINED
            : a instanceof Attribute.TensorsAttr ts && ts.value().stream().anyMatch(t -> t.dataType() == DataType.UNDEFINED);
        if (undefined) {
          report(Rule.UNDEFINED_ELEMENT_TYPE, s, "attribute '" + a.name() + "' of " + n.describe()
              + " is a tensor of element type UNDEFINED");
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
