package dev.scalpel.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One operator application.
 *
 * <p>Invariants: the outputs are created with the node and never change (their values may be
 * renamed). An input slot holds a {@link Value} or null for an omitted optional input. While the
 * node is in a graph, each non-null input lists this node among its {@link Value#uses()}; input
 * slots change only through {@link #replaceInput} and {@link #setInputs}, which keep that true.
 */
public final class Node extends ModelElement {
  private String name;
  private String domain;
  private final String opType;
  private String overload;
  private final List<Value> inputs;
  private final List<Value> outputs;
  private final Map<String, Attribute> attributes = new LinkedHashMap<>();

  Graph graph;
  Node prev;
  Node next;
  boolean removed;
  // NOTE: set on the nodes of subgraphs whose owner left its graph: their uses are unregistered.
  boolean dormant;

  /**
   * A detached node. {@code outputNames} gives one entry per output; a null entry is named freshly
   * when the node joins a graph, an empty one marks an omitted optional output.
   */
  public Node(
      String domain,
      String opType,
      List<Value> inputs,
      List<String> outputNames,
      Collection<? extends Attribute> attributes) {
    this.domain = domain;
    this.opType = Objects.requireNonNull(opType, "opType");
    this.inputs = new ArrayList<>(inputs);
    this.outputs = new ArrayList<>(outputNames.size());
    for (int i = 0; i < outputNames.size(); i++) {
      Value v = new Value(outputNames.get(i));
      v.producer = this;
      v.outputIndex = i;
      outputs.add(v);
    }
    for (Attribute a : attributes) {
      this.attributes.put(a.name(), a);
    }
    unnamedOutputs = new boolean[outputNames.size()];
    for (int i = 0; i < outputNames.size(); i++) {
      unnamedOutputs[i] = outputNames.get(i) == null;
    }
  }

  /** Outputs to be named when the node joins a graph (null entries of the constructor's list). */
  final boolean[] unnamedOutputs;

  public String name() {
    return name == null ? "" : name;
  }

  public boolean hasName() {
    return name != null;
  }

  public void setName(String name) {
    this.name = name;
    if (graph != null) {
      if (name != null) {
        graph.root().nameScope().reserveNodeName(name);
      }
      graph.noteEdit();
    }
  }

  /** The operator domain as written; "" and "ai.onnx" both mean the default ONNX domain. */
  public String domain() {
    return domain == null ? "" : domain;
  }

  /** Whether a domain was given (the source file had the field, or it was set in code). */
  public boolean hasDomain() {
    return domain != null;
  }

  public void setDomain(String domain) {
    this.domain = domain;
    if (graph != null) {
      graph.noteEdit();
    }
  }

  /** Whether the node is an operator of the default ONNX domain. */
  public boolean isDefaultDomain() {
    return domain == null || domain.isEmpty() || domain.equals("ai.onnx");
  }

  public String opType() {
    return opType;
  }

  /** The function overload this node calls, or "" when none. */
  public String overload() {
    return overload == null ? "" : overload;
  }

  public void setOverload(String overload) {
    this.overload = overload;
    if (graph != null) {
      graph.noteEdit();
    }
  }

  /** Whether the overload field was present in the source (for lossless writing). */
  public boolean hasOverload() {
    return overload != null;
  }

  /** Input slots, null for an omitted optional input. Unmodifiable view. */
  public List<Value> inputs() {
    return Collections.unmodifiableList(inputs);
  }

  public Value input(int index) {
    return inputs.get(index);
  }

  public List<Value> outputs() {
    return Collections.unmodifiableList(outputs);
  }

  public Value output(int index) {
    return outputs.get(index);
  }

  /** Makes input {@code index} read {@code value} (null omits it); keeps use lists right. */
  public void replaceInput(int index, Value value) {
    Value old = inputs.get(index);
    if (old == value) {
      return;
    }
    if (graph != null && old != null) {
      old.removeUse(this, index);
    }
    inputs.set(index, value);
    if (graph != null) {
      if (value != null) {
        value.addUse(this, index);
      }
      graph.root().fire(l -> l.inputReplaced(this, index, old, value));
    }
  }

  /** Replaces all input slots (the count may change); keeps use lists right. */
  public void setInputs(List<Value> newInputs) {
    List<Value> old = new ArrayList<>(inputs);
    if (graph != null) {
      for (int i = 0; i < old.size(); i++) {
        if (old.get(i) != null) {
          old.get(i).removeUse(this, i);
        }
      }
    }
    inputs.clear();
    inputs.addAll(newInputs);
    if (graph != null) {
      for (int i = 0; i < inputs.size(); i++) {
        if (inputs.get(i) != null) {
          inputs.get(i).addUse(this, i);
        }
      }
      for (int i = 0; i < Math.max(old.size(), inputs.size()); i++) {
        Value o = i < old.size() ? old.get(i) : null;
        Value n = i < inputs.size() ? inputs.get(i) : null;
        if (o != n) {
          int idx = i;
          graph.root().fire(l -> l.inputReplaced(this, idx, o, n));
        }
      }
    }
  }

  /** Attributes in source order. Unmodifiable view. */
  public Map<String, Attribute> attributes() {
    return Collections.unmodifiableMap(attributes);
  }

  public Optional<Attribute> attribute(String attrName) {
    return Optional.ofNullable(attributes.get(attrName));
  }

  /** The integer attribute {@code attrName}, or {@code defaultValue} when absent. */
  public long intAttribute(String attrName, long defaultValue) {
    Attribute a = attributes.get(attrName);
    return a == null ? defaultValue : a.asLong();
  }

  /** The float attribute {@code attrName}, or {@code defaultValue} when absent. */
  public float floatAttribute(String attrName, float defaultValue) {
    Attribute a = attributes.get(attrName);
    return a == null ? defaultValue : a.asFloat();
  }

  /** Adds or replaces an attribute; a new attribute goes last. */
  public void setAttribute(Attribute attribute) {
    Attribute old = attributes.put(attribute.name(), attribute);
    if (graph != null) {
      for (Graph g : attribute.subgraphs()) {
        g.attachTo(this);
      }
      if (old != null && old != attribute) {
        for (Graph g : old.subgraphs()) {
          if (!attribute.subgraphs().contains(g)) {
            g.detach();
          }
        }
      }
      graph.root().fire(l -> l.attributeChanged(this, attribute.name()));
    }
  }

  public void removeAttribute(String attrName) {
    Attribute old = attributes.remove(attrName);
    if (old != null && graph != null) {
      for (Graph g : old.subgraphs()) {
        g.detach();
      }
      graph.root().fire(l -> l.attributeChanged(this, attrName));
    }
  }

  /** The graphs held by this node's attributes (bodies of If, Loop, Scan...). */
  public List<Graph> subgraphs() {
    List<Graph> out = null;
    for (Attribute a : attributes.values()) {
      if (a instanceof Attribute.GraphAttr || a instanceof Attribute.GraphsAttr) {
        if (out == null) {
          out = new ArrayList<>(1);
        }
        out.addAll(a.subgraphs());
      }
    }
    // NOTE: asked of every node by every traversal; most nodes have none, so no list is made.
    return out == null ? List.of() : out;
  }

  /** The graph this node is in, or null while detached. */
  public Graph graph() {
    return graph;
  }

  /** The distinct nodes that compute this node's inputs. */
  public List<Node> predecessors() {
    List<Node> out = new ArrayList<>();
    for (Value v : inputs) {
      if (v != null && v.producer() != null && !out.contains(v.producer())) {
        out.add(v.producer());
      }
    }
    return out;
  }

  /** The distinct nodes that read this node's outputs. */
  public List<Node> successors() {
    List<Node> out = new ArrayList<>();
    for (Value v : outputs) {
      for (Usage u : v.uses()) {
        if (!out.contains(u.node())) {
          out.add(u.node());
        }
      }
    }
    return out;
  }

  /** A short description for messages: {@code Conv 'conv1'}. */
  public String describe() {
    return opType + (name == null || name.isEmpty() ? " producing '" + firstOutputName() + "'" : " '" + name + "'");
  }

  private String firstOutputName() {
    return outputs.isEmpty() ? "" : outputs.get(0).name();
  }

  @Override
  public String toString() {
    return describe();
  }
}
