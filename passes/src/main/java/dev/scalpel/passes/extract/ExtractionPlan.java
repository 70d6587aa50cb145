package dev.scalpel.passes.extract;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a cut of the main graph keeps, found without changing anything: the values named as inputs
 * and outputs, and the nodes the outputs need when the inputs are given.
 *
 * <p>The nodes needed are found by walking back from each output: a value that is a cut input
 * stops the walk; a constant (an initializer that is not a graph input, or one that is: then its
 * initializer is its value) is kept; a value computed by a node brings in the node, its inputs, and
 * the values of the main graph that its subgraphs (If branches, Loop and Scan bodies) read, since
 * those capture outer values by name. Any other value (a graph input of the original that is not a
 * cut input) means the cut is not closed.
 *
 * <p>Invariants: {@link #needed()} is closed: every input of a needed node, and every main-graph
 * value read inside its subgraphs, is a cut input, a constant, or an output of a needed node. Every
 * output reads at least one cut input.
 */
final class ExtractionPlan {
  private final List<Value> inputs;
  private final List<Value> outputs;
  private final Set<Node> needed;
  private final List<Value> unreadInputs;

  private ExtractionPlan(List<Value> inputs, List<Value> outputs, Set<Node> needed, List<Value> unreadInputs) {
    this.inputs = inputs;
    this.outputs = outputs;
    this.needed = needed;
    this.unreadInputs = unreadInputs;
  }

  /** The cut inputs, in the order given. */
  List<Value> inputs() {
    return inputs;
  }

  /** The cut outputs, in the order given. */
  List<Value> outputs() {
    return outputs;
  }

  /** The nodes of the main graph the outputs need (identity set). */
  Set<Node> needed() {
    return needed;
  }

  /** Cut inputs that nothing the outputs need reads (they stay inputs, as asked). */
  List<Value> unreadInputs() {
    return unreadInputs;
  }

  /**
   * Resolves the names in {@code graph} (a main graph) and walks back from the outputs.
   *
   * @throws ExtractException naming the tensor (and node) when a name is unknown, given twice or
   *     inside a subgraph, the cut is not closed, or an output reads none of the inputs
   */
  static ExtractionPlan of(Graph graph, List<String> inputNames, List<String> outputNames) {
    if (outputNames.isEmpty()) {
      throw new ExtractException(ExtractException.Kind.BAD_SPEC, "", "give at least one output");
    }
    Names names = Names.of(graph);
    List<Value> inputs = resolve(names, inputNames, "input");
    List<Value> outputs = resolve(names, outputNames, "output");
    Set<Value> cut = identitySet();
    cut.addAll(inputs);
    Set<Node> needed = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Value> read = identitySet();
    for (Value output : outputs) {
      if (!walk(graph, output, cut, needed, read)) {
        throw new ExtractException(ExtractException.Kind.INDEPENDENT_OUTPUT, output.name(), "output '" + output.name()
            + "' reads none of the inputs: it is computed from constants alone");
      }
    }
    List<Value> unread = new ArrayList<>();
    for (Value v : inputs) {
      if (!read.contains(v)) {
        unread.add(v);
      }
    }
    return new ExtractionPlan(List.copyOf(inputs), List.copyOf(outputs), needed, List.copyOf(unread));
  }

  /** A value needed, and the node that reads it (null for an output itself). */
  private record Need(Value value, Node reader) {}

  /**
   * Walks back from {@code output}, adding the nodes it needs to {@code needed} and the cut inputs
   * it reads to {@code read}.
   *
   * @return whether the output reads a cut input
   */
  private static boolean walk(Graph graph, Value output, Set<Value> cut, Set<Node> needed, Set<Value> read) {
    Set<Value> seen = identitySet();
    Deque<Need> work = new ArrayDeque<>();
    work.add(new Need(output, null));
    boolean readsInput = false;
    while (!work.isEmpty()) {
      Need need = work.poll();
      Value v = need.value();
      if (!seen.add(v)) {
        continue;
      }
      if (cut.contains(v)) {
        readsInput = true;
        read.add(v);
        continue;
      }
      if (v.isInitializer()) {
        continue;
      }
      Node producer = v.producer();
      if (producer == null) {
        throw notClosed(v, need.reader(), output);
      }
      needed.add(producer);
      for (Value in : producer.inputs()) {
        if (in != null) {
          work.add(new Need(in, producer));
        }
      }
      for (Graph sub : producer.subgraphs()) {
        for (Node inner : sub.allNodes()) {
          for (Value in : inner.inputs()) {
            // NOTE: a subgraph reads outer values by name; those of the main graph are the cut's business.
            if (in != null && in.graph() == graph) {
              work.add(new Need(in, inner));
            }
          }
        }
      }
    }
    return readsInput;
  }

  private static ExtractException notClosed(Value v, Node reader, Value output) {
    String what = v.isGraphInput() ? "a graph input of the model" : "not computed in the model";
    if (reader == null) {
      return new ExtractException(ExtractException.Kind.NOT_CLOSED, v.name(), "the cut is not closed: output '"
          + v.name() + "' is " + what + " and not among the inputs; add it to the inputs");
    }
    Node owner = reader;
    while (owner.graph() != null && owner.graph().ownerNode() != null) {
      owner = owner.graph().ownerNode();
    }
    String by = reader.describe() + (owner == reader ? "" : " (in a subgraph of " + owner.describe() + ")");
    return new ExtractException(ExtractException.Kind.NOT_CLOSED, v.name(), "the cut is not closed: " + by
        + " needs '" + v.name() + "', which is " + what + " and not among the inputs (on the way to output '"
        + output.name() + "'); add '" + v.name() + "' to the inputs");
  }

  private static List<Value> resolve(Names names, List<String> wanted, String role) {
    List<Value> out = new ArrayList<>(wanted.size());
    Set<String> given = new LinkedHashSet<>();
    for (String name : wanted) {
      if (!given.add(name)) {
        throw new ExtractException(ExtractException.Kind.BAD_SPEC, name, role + " '" + name + "' is given twice");
      }
      out.add(names.find(name));
    }
    return out;
  }

  private static Set<Value> identitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }

  /** The main graph's tensors by name, and which top-level node holds each name of a subgraph. */
  private record Names(Map<String, Value> main, Map<String, Node> inSubgraphs) {
    static Names of(Graph graph) {
      Map<String, Value> main = new HashMap<>();
      Map<String, Node> inner = new HashMap<>();
      graph.inputs().forEach(v -> main.put(v.name(), v));
      graph.initializers().forEach(v -> main.put(v.name(), v));
      graph.sparseInitializers().forEach(v -> main.put(v.name(), v));
      for (Node n : graph) {
        for (Value v : n.outputs()) {
          if (!v.name().isEmpty()) {
            main.put(v.name(), v);
          }
        }
        for (Graph sub : n.subgraphs()) {
          for (Graph g : sub.allGraphs()) {
            g.inputs().forEach(v -> inner.putIfAbsent(v.name(), n));
            g.initializers().forEach(v -> inner.putIfAbsent(v.name(), n));
            for (Node m : g) {
              m.outputs().forEach(v -> inner.putIfAbsent(v.name(), n));
            }
          }
        }
      }
      return new Names(main, inner);
    }

    Value find(String name) {
      Value v = main.get(name);
      if (v != null) {
        return v;
      }
      Node owner = inSubgraphs.get(name);
      if (owner != null) {
        throw new ExtractException(ExtractException.Kind.INSIDE_SUBGRAPH, name, "'" + name
            + "' is a tensor inside a subgraph of " + owner.describe() + "; a cut is made in the main graph");
      }
      throw new ExtractException(ExtractException.Kind.NO_SUCH_TENSOR, name, "no tensor named '" + name + "' in the model");
    }
  }
}
