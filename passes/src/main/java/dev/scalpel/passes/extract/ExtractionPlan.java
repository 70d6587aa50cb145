package dev.scalpel.passes.extract;

import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.traverse.TopologicalOrder;
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
 * and outputs, checked to make a closed cut.
 *
 * <p>The <em>region</em> of the cut is every value computed from a cut input (forward from the
 * inputs; a node whose subgraph reads a value is computed from it). A value is <em>constant</em>
 * when it is an initializer that is not a cut input, or is computed from constants alone. Walking
 * back from each output: a cut input stops the walk, a constant stays as it is, a value of the
 * region brings in its producer, its inputs and the main-graph values its subgraphs (If branches,
 * Loop and Scan bodies) read, since those capture outer values by name. Any other value comes from
 * outside the cut: the cut is not closed, and that value (the nearest one, where the cut leaks) is
 * named with the node that reads it.
 *
 * <p>Invariants: every node the outputs need reads only cut inputs, constants and outputs of needed
 * nodes (directly or inside its subgraphs). Every output is in the region (reads a cut input).
 */
final class ExtractionPlan {
  private final List<Value> inputs;
  private final List<Value> outputs;
  private final List<Value> unreadInputs;

  private ExtractionPlan(List<Value> inputs, List<Value> outputs, List<Value> unreadInputs) {
    this.inputs = inputs;
    this.outputs = outputs;
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
    Set<Value> region = region(graph, cut);
    Set<Value> constants = constants(graph, cut);
    Set<Value> read = identitySet();
    for (Value output : outputs) {
      if (!region.contains(output)) {
        throw new ExtractException(ExtractException.Kind.INDEPENDENT_OUTPUT, output.name(), "output '" + output.name()
            + "' reads none of the inputs: it is computed from " + (constants.contains(output) ? "constants alone"
                : "tensors outside the cut") + "; add a tensor it reads to the inputs, or leave it out");
      }
      walk(graph, output, cut, region, constants, read);
    }
    List<Value> unread = new ArrayList<>();
    for (Value v : inputs) {
      if (!read.contains(v)) {
        unread.add(v);
      }
    }
    return new ExtractionPlan(List.copyOf(inputs), List.copyOf(outputs), List.copyOf(unread));
  }

  /** A value needed, and the node that reads it (null for an output itself). */
  private record Need(Value value, Node reader) {}

  /**
   * Walks back from {@code output}, adding the cut inputs it reads to {@code read}.
   *
   * @throws ExtractException if a value it needs comes from outside the cut
   */
  private static void walk(Graph graph, Value output, Set<Value> cut, Set<Value> region, Set<Value> constants,
      Set<Value> read) {
    Set<Value> seen = identitySet();
    Deque<Need> work = new ArrayDeque<>();
    work.add(new Need(output, null));
    while (!work.isEmpty()) {
      Need need = work.poll();
      Value v = need.value();
      if (!seen.add(v)) {
        continue;
      }
      if (cut.contains(v)) {
        read.add(v);
        continue;
      }
      if (constants.contains(v)) {
        continue;
      }
      if (!region.contains(v)) {
        throw notClosed(v, need.reader(), output);
      }
      Node producer = v.producer();
      for (Value in : producer.inputs()) {
        if (in != null) {
          work.add(new Need(in, producer));
        }
      }
      forEachCapture(graph, producer, (in, inner) -> work.add(new Need(in, inner)));
    }
  }

  /** The cut inputs and every value of {@code graph} computed from them. */
  private static Set<Value> region(Graph graph, Set<Value> cut) {
    Set<Value> region = identitySet();
    Deque<Value> work = new ArrayDeque<>(cut);
    while (!work.isEmpty()) {
      Value v = work.pop();
      if (!region.add(v)) {
        continue;
      }
      for (Usage u : v.uses()) {
        Node consumer = u.node();
        // NOTE: a use from inside a subgraph stands for its owner node in the main graph.
        while (consumer.graph() != graph && consumer.graph() != null && consumer.graph().ownerNode() != null) {
          consumer = consumer.graph().ownerNode();
        }
        consumer.outputs().forEach(work::push);
      }
    }
    return region;
  }

  /** Initializers that are not cut inputs, and every value computed from them alone. */
  private static Set<Value> constants(Graph graph, Set<Value> cut) {
    Set<Value> constants = identitySet();
    for (Value v : graph.initializers()) {
      if (!cut.contains(v)) {
        constants.add(v);
      }
    }
    for (Value v : graph.sparseInitializers()) {
      if (!cut.contains(v)) {
        constants.add(v);
      }
    }
    for (Node n : TopologicalOrder.of(graph)) {
      boolean constant = n.inputs().stream().allMatch(in -> in == null || constants.contains(in));
      boolean[] capturesConstant = {true};
      forEachCapture(graph, n, (in, inner) -> capturesConstant[0] &= constants.contains(in));
      if (constant && capturesConstant[0]) {
        n.outputs().stream().filter(v -> !cut.contains(v)).forEach(constants::add);
      }
    }
    return constants;
  }

  /** Calls {@code action} with each value of {@code graph} read inside a subgraph of {@code node}, and the reader. */
  private static void forEachCapture(Graph graph, Node node, java.util.function.BiConsumer<Value, Node> action) {
    for (Graph sub : node.subgraphs()) {
      for (Node inner : sub.allNodes()) {
        for (Value in : inner.inputs()) {
          // NOTE: a subgraph reads outer values by name; those of the main graph are the cut's business.
          if (in != null && in.graph() == graph) {
            action.accept(in, inner);
          }
        }
      }
    }
  }

  private static ExtractException notClosed(Value v, Node reader, Value output) {
    String what = v.isGraphInput() ? "a graph input of the model" : "computed outside the cut";
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
