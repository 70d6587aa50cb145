package dev.scalpel.graph.build;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.traverse.Downstream;
import dev.scalpel.graph.traverse.TopologicalOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A node under construction for one graph, made by {@link Graph#newNode}; it joins the graph at
 * a terminal call: {@link #outputs(int)}, {@link #output()}, {@link #insertAfter(Value)} or
 * {@link #insertBefore(Value)}.
 *
 * <pre>{@code
 * Value y = graph.newNode("Add").inputs(a, b).output();                  // a new value
 * Node relu = graph.newNode("LeakyRelu").attr("alpha", 0.1).insertAfter(t); // t's readers read relu
 * }</pre>
 *
 * <p>Invariants: no null is ever needed (an omitted optional input is {@link #omittedInput()});
 * output and node names are fresh in the root graph unless given, and given ones must be free;
 * every input is visible from the graph (its own values or an enclosing graph's); the node is
 * placed after the producers of its inputs, so the graph stays in topological order; and no
 * terminal call can make a cycle: one that would is refused before the graph changes.
 */
public final class NodeBuilder {
  private final Graph graph;
  private final String opType;
  private String domain;
  private String name;
  private final List<Value> inputs = new ArrayList<>();
  private final List<Attribute> attributes = new ArrayList<>();
  private List<String> outputNames = List.of();

  /** A builder of an {@code opType} node for {@code graph}; {@link Graph#newNode} makes one. */
  public NodeBuilder(Graph graph, String opType) {
    this.graph = Objects.requireNonNull(graph, "graph");
    this.opType = Objects.requireNonNull(opType, "opType");
  }

  /** The operator's domain; the default ONNX domain when not called. */
  public NodeBuilder domain(String opDomain) {
    this.domain = opDomain == null || opDomain.isEmpty() || opDomain.equals("ai.onnx") ? null : opDomain;
    return this;
  }

  /** The node's name; it must be free in the graph. A fresh one derived from the op otherwise. */
  public NodeBuilder name(String nodeName) {
    this.name = Objects.requireNonNull(nodeName, "nodeName");
    return this;
  }

  /** Appends inputs, in order (after the anchor value of {@link #insertAfter}). */
  public NodeBuilder inputs(Value... values) {
    for (Value v : values) {
      inputs.add(Objects.requireNonNull(v, "input; use omittedInput() for an omitted optional input"));
    }
    return this;
  }

  /** Appends an omitted optional input (an empty slot, as ONNX writes it). */
  public NodeBuilder omittedInput() {
    inputs.add(null);
    return this;
  }

  /** An INT attribute. */
  public NodeBuilder attr(String attrName, long value) {
    return attr(Attribute.of(attrName, value));
  }

  /** A FLOAT attribute. */
  public NodeBuilder attr(String attrName, float value) {
    return attr(Attribute.of(attrName, value));
  }

  /** A FLOAT attribute (ONNX floats are 32-bit: the value is rounded to float). */
  public NodeBuilder attr(String attrName, double value) {
    return attr(Attribute.of(attrName, (float) value));
  }

  /** A STRING attribute. */
  public NodeBuilder attr(String attrName, String value) {
    return attr(Attribute.of(attrName, value));
  }

  /** An INTS attribute. */
  public NodeBuilder attr(String attrName, long[] values) {
    return attr(Attribute.ofInts(attrName, values));
  }

  /** A FLOATS attribute. */
  public NodeBuilder attr(String attrName, float[] values) {
    return attr(Attribute.ofFloats(attrName, values));
  }

  /** Any attribute; a later one of the same name replaces an earlier one. */
  public NodeBuilder attr(Attribute attribute) {
    attributes.removeIf(a -> a.name().equals(attribute.name()));
    attributes.add(attribute);
    return this;
  }

  /** Names the outputs (their count is then {@link #outputs(int)}'s); each must be free. */
  public NodeBuilder outputNames(String... names) {
    this.outputNames = List.of(names);
    return this;
  }

  // ---------------------------------------------------------------- terminals

  /**
   * Adds the node with {@code count} outputs, right after the last producer of its inputs in this
   * graph (first, when none is produced here), and returns it.
   *
   * @throws IllegalArgumentException if an input is not visible from the graph, or a given name
   *     is taken
   */
  public Node outputs(int count) {
    Node node = build(count, opType.toLowerCase(Locale.ROOT));
    place(node);
    return node;
  }

  /** Adds a node with one output and returns that output. */
  public Value output() {
    return outputs(1).output(0);
  }

  /**
   * Adds the node after {@code value}: the node reads {@code value} as its first input (then the
   * inputs given), and every other reader of {@code value}, graph outputs included, reads the
   * node's first output instead. A graph output keeps its name: the node's output takes it and
   * {@code value} is renamed {@code NAME_before_OP}. This is onnx-graphsurgeon's "insert after a
   * tensor"; a graph input or initializer works like any value.
   *
   * @throws IllegalArgumentException if {@code value} is not a value of this graph, or an input
   *     given is computed from {@code value} (its reader would then read the node: a cycle)
   */
  public Node insertAfter(Value value) {
    return insert(value, false);
  }

  /**
   * Adds the node before {@code value}, which a node computes: the same rewiring as {@link
   * #insertAfter}, but the node's output takes {@code value}'s name (whoever knows the tensor by
   * name now gets the node's result) and {@code value} is renamed {@code NAME_before_OP}.
   *
   * @throws IllegalArgumentException if {@code value} is a graph input or an initializer (nothing
   *     computes it, so nothing can come before it), or as {@link #insertAfter}
   */
  public Node insertBefore(Value value) {
    if (value.producer() == null) {
      throw new IllegalArgumentException("nothing can be inserted before '" + value.name() + "': it is a "
          + (value.isGraphInput() ? "graph input" : value.isInitializer() ? "initializer" : "value no node computes")
          + "; insert after it instead");
    }
    return insert(value, true);
  }

  private Node insert(Value value, boolean takeName) {
    if (value.graph() != graph) {
      throw new IllegalArgumentException("'" + value.name() + "' is not a value of graph '" + graph.name() + "'");
    }
    if (value.isGraphInput() && value.isGraphOutput()) {
      throw new IllegalArgumentException("'" + value.name() + "' is both a graph input and a graph output; a node"
          + " after it would rename one of the two");
    }
    requireNoPathFrom(value);
    List<Usage> readers = new ArrayList<>(value.uses());
    inputs.add(0, value);
    Node node;
    try {
      node = build(1, value.name() + "_" + opType.toLowerCase(Locale.ROOT));
    } finally {
      inputs.remove(0);
    }
    place(node);
    Value out = node.output(0);
    for (Usage u : readers) {
      u.node().replaceInput(u.inputIndex(), out);
    }
    if (takeName || value.isGraphOutput()) {
      String known = value.name();
      graph.rename(value, graph.freshValueName(known + "_before_" + opType.toLowerCase(Locale.ROOT)));
      graph.rename(out, known);
      for (int i = 0; i < graph.outputs().size(); i++) {
        if (graph.outputs().get(i) == value) {
          graph.setOutput(i, out);
        }
      }
      if (graph.declaresValueInfo(value)) {
        graph.removeValueInfo(value);
      }
    }
    // NOTE: readers of the value placed before the producer of a later input now read the node;
    // sorting moves them after it (stable, and linear when nothing moved).
    if (!TopologicalOrder.isSorted(graph)) {
      TopologicalOrder.sort(graph);
    }
    return node;
  }

  /** Refuses an input computed from {@code value}: its producer would read the new node. */
  private void requireNoPathFrom(Value value) {
    Set<Node> reached = Downstream.nodes(graph, List.of(value));
    for (Value in : inputs) {
      if (in != null && in.producer() != null && reached.contains(in.producer())) {
        throw new IllegalArgumentException("input '" + in.name() + "' of the new " + opType + " is computed from '"
            + value.name() + "': inserting after '" + value.name() + "' would make a cycle");
      }
    }
  }

  private Node build(int count, String hint) {
    if (!outputNames.isEmpty() && outputNames.size() != count) {
      throw new IllegalArgumentException(outputNames.size() + " output names given for " + count + " outputs");
    }
    for (Value in : inputs) {
      if (in != null && !visible(in)) {
        throw new IllegalArgumentException("'" + in.name() + "' cannot be an input of a node of graph '"
            + graph.name() + "': it is not a value of that graph or of a graph enclosing it");
      }
    }
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(outputNames.isEmpty() ? graph.freshValueName(hint) : requireFreeValueName(outputNames.get(i)));
    }
    Node node = new Node(domain, opType, inputs, names, attributes);
    if (name != null && graph.findNode(name).isPresent()) {
      throw new IllegalArgumentException("graph '" + graph.name() + "' already has a node named '" + name + "'");
    }
    node.setName(name != null ? name : graph.freshNodeName(opType));
    return node;
  }

  private String requireFreeValueName(String valueName) {
    for (Graph g : graph.root().allGraphs()) {
      if (g.findValue(valueName).isPresent()) {
        throw new IllegalArgumentException("graph '" + g.name() + "' already has a value named '" + valueName + "'");
      }
    }
    return valueName;
  }

  private boolean visible(Value v) {
    Graph owner = v.producer() != null ? v.producer().graph() : v.graph();
    for (Graph g = graph; g != null; g = g.parent()) {
      if (g == owner) {
        return owner != null && (v.producer() != null || v.isGraphInput() || v.isInitializer());
      }
    }
    return false;
  }

  /** Right after the last producer of an input in this graph, or first when there is none. */
  private void place(Node node) {
    Node last = null;
    for (Node n : graph) {
      for (Value in : node.inputs()) {
        if (in != null && in.producer() == n) {
          last = n;
        }
      }
    }
    if (last != null) {
      graph.insertAfter(last, node);
    } else if (graph.nodeCount() > 0) {
      graph.insertBefore(graph.nodes().get(0), node);
    } else {
      graph.append(node);
    }
  }
}
