package dev.scalpel.graph;

import dev.scalpel.graph.build.NodeBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A graph: nodes in a stable order, its inputs, outputs and initializers, and the values it
 * declares types for. Subgraphs (bodies of If, Loop, Scan) are Graphs owned by a node's attribute;
 * their nodes may read values of enclosing graphs.
 *
 * <p>Invariants: the node order is the insertion order and survives removing nodes while iterating
 * (removed nodes are skipped). Every mutation goes through a method of this class or of {@link
 * Node}/{@link Value}, which keep use lists right and notify the {@link GraphListener}s of the root
 * graph. A value name is unique among the root graph and all its subgraphs; fresh names from
 * {@link #freshValueName} never collide with a name ever used there.
 */
public final class Graph extends ModelElement implements Iterable<Node> {
  private String name;

  private Node head;
  private Node tail;
  private int nodeCount;

  private final List<Value> inputs = new ArrayList<>();
  private final List<Value> outputs = new ArrayList<>();
  private final List<Value> initializers = new ArrayList<>();
  private final List<Value> sparseInitializers = new ArrayList<>();
  private final List<Value> valueInfos = new ArrayList<>();
  private final java.util.Set<Value> declared = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  private Graph parent;
  private Node ownerNode;
  private final List<GraphListener> listeners = new ArrayList<>(1);
  /** See {@link #revision()}; counted on the root graph only. */
  private long revision;
  /** See {@link #editCount()}; counted on the root graph only. */
  private long edits;
  private NameScope nameScope;

  public Graph() {}

  public Graph(String name) {
    this.name = name;
  }

  // ---------------------------------------------------------------- identity and nesting

  public String name() {
    return name == null ? "" : name;
  }

  public boolean hasName() {
    return name != null;
  }

  public void setName(String name) {
    this.name = name;
    noteEdit();
  }

  /** The enclosing graph of a subgraph, or null for a root graph. */
  public Graph parent() {
    return parent;
  }

  /** The node whose attribute holds this subgraph, or null. */
  public Node ownerNode() {
    return ownerNode;
  }

  /** The outermost enclosing graph (this graph if it is a root). */
  public Graph root() {
    Graph g = this;
    while (g.parent != null) {
      g = g.parent;
    }
    return g;
  }

  void attachTo(Node owner) {
    this.ownerNode = owner;
    this.parent = owner.graph;
    // NOTE: a subgraph built on its own has names the root's scope has not seen yet.
    NameScope scope = root().nameScopeIfBuilt();
    if (scope != null) {
      scope.reserveNamesIn(this);
    }
    setUsesRegistered(true);
  }

  void detach() {
    setUsesRegistered(false);
    this.ownerNode = null;
    this.parent = null;
  }

  /**
   * Registers (or drops) the uses of this subgraph's nodes, so that a body that left its node
   * keeps no outer value alive. Nodes already in the wanted state are left alone.
   */
  private void setUsesRegistered(boolean registered) {
    for (Node inner : this) {
      if (inner.dormant == registered) {
        registerUses(inner, registered);
        inner.dormant = !registered;
      }
    }
  }

  // ---------------------------------------------------------------- nodes

  /** Nodes of this graph (not of subgraphs) in order. Removing nodes while iterating is allowed. */
  @Override
  public Iterator<Node> iterator() {
    return new Iterator<>() {
      private Node nextNode = head;

      @Override
      public boolean hasNext() {
        while (nextNode != null && nextNode.removed) {
          nextNode = nextNode.next;
        }
        return nextNode != null;
      }

      @Override
      public Node next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Node n = nextNode;
        nextNode = n.next;
        return n;
      }
    };
  }

  /** A snapshot of this graph's nodes in order. */
  public List<Node> nodes() {
    List<Node> out = new ArrayList<>(nodeCount);
    for (Node n : this) {
      out.add(n);
    }
    return out;
  }

  public int nodeCount() {
    return nodeCount;
  }

  /** Nodes of this graph and, depth first, of all subgraphs. */
  public List<Node> allNodes() {
    List<Node> out = new ArrayList<>();
    collectAll(this, out);
    return out;
  }

  private static void collectAll(Graph g, List<Node> out) {
    for (Node n : g) {
      out.add(n);
      for (Graph sub : n.subgraphs()) {
        collectAll(sub, out);
      }
    }
  }

  /** This graph and all graphs nested in it, outermost first. */
  public List<Graph> allGraphs() {
    List<Graph> out = new ArrayList<>();
    out.add(this);
    for (Node n : allNodes()) {
      out.addAll(n.subgraphs());
    }
    return out;
  }

  /** Adds a detached node at the end. */
  public Node append(Node node) {
    attach(node);
    if (tail == null) {
      head = tail = node;
    } else {
      tail.next = node;
      node.prev = tail;
      tail = node;
    }
    nodeCount++;
    afterInsert(node);
    return node;
  }

  /** Inserts a detached node right before {@code anchor}, which must be in this graph. */
  public Node insertBefore(Node anchor, Node node) {
    requireMember(anchor);
    attach(node);
    node.next = anchor;
    node.prev = anchor.prev;
    if (anchor.prev == null) {
      head = node;
    } else {
      anchor.prev.next = node;
    }
    anchor.prev = node;
    nodeCount++;
    afterInsert(node);
    return node;
  }

  /** Inserts a detached node right after {@code anchor}, which must be in this graph. */
  public Node insertAfter(Node anchor, Node node) {
    requireMember(anchor);
    if (anchor == tail) {
      return append(node);
    }
    return insertBefore(anchor.next, node);
  }

  /**
   * Removes a node whose outputs nobody uses. To take a node out of a chain, {@link #bypass} it.
   *
   * @throws IllegalStateException if an output is still read by a node or is a graph output; the
   *     message names the output and offers {@link #bypass}
   */
  public void remove(Node node) {
    requireMember(node);
    for (Value out : node.outputs()) {
      if (out.isGraphOutput()) {
        throw new IllegalStateException("cannot remove " + node.describe() + ": its output '" + out.name()
            + "' is graph output '" + out.name() + "'; Graph.bypass(node) passes its data input through in its"
            + " place, or change the graph's outputs first");
      }
      if (out.isUsed()) {
        throw new IllegalStateException("cannot remove " + node.describe() + ": its output '" + out.name()
            + "' is still used by " + out.consumers().get(0).describe()
            + "; Graph.bypass(node) makes its readers read its data input instead");
      }
    }
    unlink(node);
  }

  /**
   * Takes {@code node} out of its chain: every reader of its first output (graph outputs included)
   * reads its single data input instead, and the node is removed. The data input is its only
   * input, or else the one input that is not a constant ({@link Constants#isConstant});
   * {@link #bypass(Node, int)} names it when there are several.
   *
   * <p>A graph output keeps its name: the data input takes the output's name when it is a node's
   * output that is not itself an output of the graph; otherwise the bypass is refused (the output
   * would be renamed to a graph input's or another output's name). Cannot make a cycle: the data
   * input is computed before the node.
   *
   * @return the data input, which took the output's place
   * @throws IllegalArgumentException if the node has no single non-constant input
   * @throws IllegalStateException if another output is read, or the output would lose its name;
   *     the graph is then unchanged
   */
  public Value bypass(Node node) {
    requireMember(node);
    List<Integer> given = new ArrayList<>();
    List<Integer> data = new ArrayList<>();
    List<Value> ins = node.inputs();
    for (int i = 0; i < ins.size(); i++) {
      if (ins.get(i) != null) {
        given.add(i);
        if (!Constants.isConstant(ins.get(i))) {
          data.add(i);
        }
      }
    }
    if (given.size() == 1) {
      return bypass(node, given.get(0));
    }
    if (data.size() != 1) {
      throw new IllegalArgumentException("cannot bypass " + node.describe() + ": it has "
          + (data.isEmpty() ? "no input that is not a constant" : data.size() + " inputs that are not constants ("
              + String.join(", ", data.stream().map(i -> "'" + ins.get(i).name() + "'").toList())
              + "); name the one to pass through with bypass(node, index)"));
    }
    return bypass(node, data.get(0));
  }

  /**
   * {@link #bypass(Node)} with input {@code inputIndex} as the data input.
   *
   * @return the data input, which took the output's place
   * @throws IllegalArgumentException if the node has no such input
   * @throws IllegalStateException as {@link #bypass(Node)}
   */
  public Value bypass(Node node, int inputIndex) {
    requireMember(node);
    if (inputIndex < 0 || inputIndex >= node.inputs().size() || node.input(inputIndex) == null) {
      throw new IllegalArgumentException("cannot bypass " + node.describe() + ": it has no input " + inputIndex);
    }
    if (node.outputs().isEmpty()) {
      throw new IllegalArgumentException("cannot bypass " + node.describe() + ": it has no output");
    }
    Value in = node.input(inputIndex);
    Value out = node.output(0);
    for (int i = 1; i < node.outputs().size(); i++) {
      Value other = node.output(i);
      if (other.isUsed()) {
        throw new IllegalStateException("cannot bypass " + node.describe() + ": its output '" + other.name()
            + "' is read, and only its first output can be passed through");
      }
    }
    if (out.isGraphOutput() && (in.producer() == null || in.isGraphOutput() || in.graph() != this)) {
      String what = in.isGraphInput() ? "graph input '" + in.name() + "'"
          : in.isInitializer() ? "initializer '" + in.name() + "'"
          : in.isGraphOutput() ? "graph output '" + in.name() + "'" : "value '" + in.name() + "' of another graph";
      throw new IllegalStateException("cannot bypass " + node.describe() + ": its output '" + out.name()
          + "' is a graph output and would become " + what + " under that name; keep the node or change the"
          + " graph's outputs first");
    }
    out.replaceAllUsesWith(in);
    if (out.isGraphOutput()) {
      String name = out.name();
      out.setName(freshValueName(name + "_bypassed"));
      for (int i = 0; i < outputs.size(); i++) {
        if (outputs.get(i) == out) {
          setOutput(i, in);
        }
      }
      removeValueInfo(in);
      in.setName(name);
    }
    removeValueInfo(out);
    remove(node);
    return in;
  }

  private void unlink(Node node) {
    registerUses(node, false);
    if (node.prev == null) {
      head = node.next;
    } else {
      node.prev.next = node.next;
    }
    if (node.next == null) {
      tail = node.prev;
    } else {
      node.next.prev = node.prev;
    }
    // NOTE: node.next is kept so that an iterator standing on the removed node can move on.
    node.removed = true;
    node.graph = null;
    nodeCount--;
    root().fire(l -> l.nodeRemoved(node));
  }

  /** Moves {@code node} (in this graph) to the end; used by sorting. Use lists are unaffected. */
  void moveToEnd(Node node) {
    if (node == tail) {
      return;
    }
    if (node.prev == null) {
      head = node.next;
    } else {
      node.prev.next = node.next;
    }
    node.next.prev = node.prev;
    node.prev = tail;
    node.next = null;
    tail.next = node;
    tail = node;
  }

  /**
   * Puts this graph's nodes in the given order, which must be a permutation of them. Used by
   * topological sorting; fires no events because nothing about the graph's meaning changes.
   */
  public void reorder(List<Node> order) {
    if (order.size() != nodeCount) {
      throw new IllegalArgumentException("order has " + order.size() + " nodes, graph has " + nodeCount);
    }
    for (Node n : order) {
      requireMember(n);
    }
    for (Node n : order) {
      moveToEnd(n);
    }
    noteEdit();
  }

  private void attach(Node node) {
    if (node.graph != null) {
      throw new IllegalStateException(node.describe() + " is already in a graph");
    }
    node.graph = this;
    node.removed = false;
    node.prev = null;
    node.next = null;
    NameScope scope = root().nameScopeIfBuilt();
    List<Value> outs = node.outputs();
    for (int i = 0; i < outs.size(); i++) {
      Value v = outs.get(i);
      if (node.unnamedOutputs[i] && v.name().isEmpty()) {
        v.setName(root().freshValueName(node.opType().toLowerCase(java.util.Locale.ROOT) + "_out"));
        node.unnamedOutputs[i] = false;
      } else if (scope != null) {
        scope.reserveValueName(v.name());
      }
    }
    if (scope != null && node.hasName()) {
      scope.reserveNodeName(node.name());
    }
    for (Graph sub : node.subgraphs()) {
      sub.attachTo(node);
    }
    registerUses(node, true);
  }

  private void afterInsert(Node node) {
    root().fire(l -> l.nodeAdded(node));
  }

  /** Adds or drops the uses of {@code node}'s inputs and of the inputs of its subgraphs' nodes. */
  private static void registerUses(Node node, boolean add) {
    List<Value> ins = node.inputs();
    for (int i = 0; i < ins.size(); i++) {
      Value v = ins.get(i);
      if (v != null) {
        if (add) {
          v.addUse(node, i);
        } else {
          v.removeUse(node, i);
        }
      }
    }
    for (Graph sub : node.subgraphs()) {
      for (Node inner : sub) {
        if (!add || inner.dormant) {
          registerUses(inner, add);
          inner.dormant = !add;
        }
      }
    }
  }

  private void requireMember(Node node) {
    if (node == null) {
      // NOTE: the usual way here is insertAfter(value.producer(), ...) with a graph input or an
      // initializer, which has no producer.
      throw new IllegalArgumentException("no anchor node (a graph input or initializer has no producer); "
          + "graph.newNode(op).insertAfter(value) places a node after any value");
    }
    if (node.graph != this) {
      throw new IllegalArgumentException(node.describe() + " is not in graph '" + name() + "'");
    }
  }

  // ---------------------------------------------------------------- lookups by name

  /**
   * The value named {@code valueName} that this graph defines (an input, an initializer, a node
   * output) or reads (a value of an enclosing graph that a node or output of this graph reads).
   * Linear in the graph's size; take {@link #tensors()} once for many lookups.
   */
  public Optional<Value> findValue(String valueName) {
    Objects.requireNonNull(valueName, "valueName");
    if (valueName.isEmpty()) {
      return Optional.empty();
    }
    for (Value v : inputs) {
      if (v.name().equals(valueName)) {
        return Optional.of(v);
      }
    }
    Optional<Value> init = initializer(valueName);
    if (init.isPresent()) {
      return init;
    }
    for (Node n : this) {
      for (Value v : n.outputs()) {
        if (v.name().equals(valueName)) {
          return Optional.of(v);
        }
      }
    }
    for (Node n : this) {
      for (Value v : n.inputs()) {
        if (v != null && v.name().equals(valueName)) {
          return Optional.of(v);
        }
      }
    }
    for (Value v : outputs) {
      if (v.name().equals(valueName)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /**
   * The value named {@code valueName}, as {@link #findValue}.
   *
   * @throws NoSuchElementException naming the value and the graph if there is none
   */
  public Value value(String valueName) {
    return findValue(valueName).orElseThrow(() ->
        new NoSuchElementException("graph '" + name() + "' has no value named '" + valueName + "'"));
  }

  /** The node of this graph (not of its subgraphs) named {@code nodeName}. */
  public Optional<Node> findNode(String nodeName) {
    Objects.requireNonNull(nodeName, "nodeName");
    for (Node n : this) {
      if (n.hasName() && n.name().equals(nodeName)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /**
   * The node named {@code nodeName}, as {@link #findNode}.
   *
   * @throws NoSuchElementException naming the node and the graph if there is none
   */
  public Node node(String nodeName) {
    return findNode(nodeName).orElseThrow(() ->
        new NoSuchElementException("graph '" + name() + "' has no node named '" + nodeName + "'"));
  }

  /** The nodes of this graph (not of subgraphs) whose operator is {@code opType}, in order. */
  public List<Node> nodes(String opType) {
    List<Node> out = new ArrayList<>();
    for (Node n : this) {
      if (n.opType().equals(opType)) {
        out.add(n);
      }
    }
    return out;
  }

  /**
   * Every value {@link #findValue} finds, by name: inputs, initializers, then node inputs and
   * outputs in node order, then graph outputs. A snapshot; omitted optional values (empty names)
   * are left out.
   */
  public Map<String, Value> tensors() {
    Map<String, Value> out = new LinkedHashMap<>();
    for (Value v : inputs) {
      out.putIfAbsent(v.name(), v);
    }
    for (Value v : initializers) {
      out.putIfAbsent(v.name(), v);
    }
    for (Value v : sparseInitializers) {
      out.putIfAbsent(v.name(), v);
    }
    for (Node n : this) {
      for (Value v : n.inputs()) {
        if (v != null && !v.name().isEmpty()) {
          out.putIfAbsent(v.name(), v);
        }
      }
      for (Value v : n.outputs()) {
        if (!v.name().isEmpty()) {
          out.putIfAbsent(v.name(), v);
        }
      }
    }
    for (Value v : outputs) {
      out.putIfAbsent(v.name(), v);
    }
    return out;
  }

  /**
   * A node of {@code opType} to be added to this graph, without nulls:
   * {@code graph.newNode("Relu").insertAfter(value)}, {@code graph.newNode("Add").inputs(a, b).output()}.
   * Names are fresh unless given; see {@link NodeBuilder}.
   */
  public NodeBuilder newNode(String opType) {
    return new NodeBuilder(this, opType);
  }

  /**
   * Renames {@code value}, which must be a value of this graph's root scope, to {@code newName}.
   *
   * @throws IllegalArgumentException if another value of the root graph or its subgraphs carries
   *     {@code newName}, or the name is empty
   */
  public void rename(Value value, String newName) {
    Objects.requireNonNull(newName, "newName");
    if (newName.isEmpty()) {
      throw new IllegalArgumentException("a value name cannot be empty");
    }
    if (value.name().equals(newName)) {
      return;
    }
    for (Graph g : root().allGraphs()) {
      Optional<Value> other = g.findValue(newName);
      if (other.isPresent() && other.get() != value) {
        throw new IllegalArgumentException("cannot rename '" + value.name() + "' to '" + newName
            + "': graph '" + g.name() + "' already has a value of that name");
      }
    }
    value.setName(newName);
    root().fire(l -> l.interfaceChanged(this));
  }

  /**
   * Renames {@code node}, a node of this graph, to {@code newName}.
   *
   * @throws IllegalArgumentException if another node of this graph carries {@code newName}
   */
  public void rename(Node node, String newName) {
    requireMember(node);
    Objects.requireNonNull(newName, "newName");
    Optional<Node> other = findNode(newName);
    if (other.isPresent() && other.get() != node) {
      throw new IllegalArgumentException("cannot rename node '" + node.name() + "' to '" + newName
          + "': graph '" + name() + "' already has a node of that name");
    }
    node.setName(newName);
  }

  // ---------------------------------------------------------------- interface

  /** Graph inputs in order. Unmodifiable view; change with {@link #addInput} and friends. */
  public List<Value> inputs() {
    return Collections.unmodifiableList(inputs);
  }

  /** Graph outputs in order. Unmodifiable view; change with {@link #setOutput} and friends. */
  public List<Value> outputs() {
    return Collections.unmodifiableList(outputs);
  }

  /** Appends a graph input; the value must be detached or an initializer of this graph. */
  public Value addInput(Value value) {
    return insertInput(inputs.size(), value);
  }

  public Value insertInput(int index, Value value) {
    if (value.producer() != null || (value.owner != null && value.owner != this)) {
      throw new IllegalArgumentException("'" + value.name() + "' cannot become an input of '" + name() + "'");
    }
    value.owner = this;
    inputs.add(index, value);
    reserve(value);
    root().fire(l -> l.interfaceChanged(this));
    return value;
  }

  /** Removes a graph input; it must be unused unless it stays an initializer. */
  public void removeInput(Value value) {
    if (!inputs.contains(value)) {
      throw new IllegalArgumentException("'" + value.name() + "' is not an input of '" + name() + "'");
    }
    if (!value.isInitializer() && value.isUsed()) {
      throw new IllegalStateException("cannot remove input '" + value.name() + "': it is still used");
    }
    inputs.remove(value);
    if (!value.isInitializer() && !declared.contains(value)) {
      value.owner = null;
    }
    root().fire(l -> l.interfaceChanged(this));
  }

  public Value addOutput(Value value) {
    outputs.add(value);
    value.graphOutputRefs++;
    root().fire(l -> l.interfaceChanged(this));
    return value;
  }

  public void setOutput(int index, Value value) {
    Value old = outputs.set(index, value);
    old.graphOutputRefs--;
    value.graphOutputRefs++;
    root().fire(l -> l.interfaceChanged(this));
  }

  public void removeOutput(int index) {
    outputs.remove(index).graphOutputRefs--;
    root().fire(l -> l.interfaceChanged(this));
  }

  // ---------------------------------------------------------------- initializers

  /** Dense initializers in order. Unmodifiable view. */
  public List<Value> initializers() {
    return Collections.unmodifiableList(initializers);
  }

  /** Sparse initializers in order. Unmodifiable view. */
  public List<Value> sparseInitializers() {
    return Collections.unmodifiableList(sparseInitializers);
  }

  /** The dense or sparse initializer named {@code valueName}, if any. */
  public java.util.Optional<Value> initializer(String valueName) {
    for (Value v : initializers) {
      if (v.name().equals(valueName)) {
        return java.util.Optional.of(v);
      }
    }
    for (Value v : sparseInitializers) {
      if (v.name().equals(valueName)) {
        return java.util.Optional.of(v);
      }
    }
    return java.util.Optional.empty();
  }

  /** Makes {@code value} (detached, or an input of this graph) an initializer holding {@code tensor}. */
  public Value addInitializer(Value value, Tensor tensor) {
    requireAttachable(value);
    value.owner = this;
    value.initializer = Objects.requireNonNull(tensor, "tensor");
    if (value.type() == null) {
      value.setType(new ValueType.TensorType(tensor.dataType(), tensor.shape()));
    }
    initializers.add(value);
    reserve(value);
    root().fire(l -> l.initializerChanged(value));
    return value;
  }

  /** A new initializer named freshly from {@code nameHint}. */
  public Value addInitializer(String nameHint, Tensor tensor) {
    return addInitializer(new Value(root().freshValueName(nameHint)), tensor);
  }

  public Value addSparseInitializer(Value value, SparseTensor tensor) {
    requireAttachable(value);
    value.owner = this;
    value.sparseInitializer = Objects.requireNonNull(tensor, "tensor");
    sparseInitializers.add(value);
    reserve(value);
    root().fire(l -> l.initializerChanged(value));
    return value;
  }

  /** Drops an initializer; it must be unused, or stay a graph input. */
  public void removeInitializer(Value value) {
    if (!initializers.contains(value) && !sparseInitializers.contains(value)) {
      throw new IllegalArgumentException("'" + value.name() + "' is not an initializer of '" + name() + "'");
    }
    if (!inputs.contains(value) && value.isUsed()) {
      throw new IllegalStateException("cannot remove initializer '" + value.name() + "': it is still used");
    }
    initializers.remove(value);
    sparseInitializers.remove(value);
    value.initializer = null;
    value.sparseInitializer = null;
    if (!inputs.contains(value) && !declared.contains(value)) {
      value.owner = null;
    }
    root().fire(l -> l.initializerChanged(value));
  }

  private void requireAttachable(Value value) {
    if (value.producer() != null || (value.owner != null && value.owner != this) || value.isInitializer()) {
      throw new IllegalArgumentException("'" + value.name() + "' cannot become an initializer of '" + name() + "'");
    }
  }

  // ---------------------------------------------------------------- declared values

  /**
   * Values whose types this graph declares ({@code value_info}), in declaration order. Includes
   * declarations of values that no node produces any more; writers skip those whose producer was
   * removed. Unmodifiable view.
   */
  public List<Value> valueInfos() {
    return Collections.unmodifiableList(valueInfos);
  }

  /**
   * Records that this graph declares {@code value}'s type. A detached value becomes a declaration
   * that is kept even though nothing produces it (files carry such stale entries).
   */
  public void declareValueInfo(Value value) {
    if (value.producer() == null && value.owner == null) {
      value.owner = this;
    }
    if (declared.add(value)) {
      valueInfos.add(value);
      noteEdit();
    }
  }

  /** Whether this graph declares {@code value}'s type in its {@code value_info}. */
  public boolean declaresValueInfo(Value value) {
    return declared.contains(value);
  }

  public void removeValueInfo(Value value) {
    if (declared.remove(value)) {
      valueInfos.remove(value);
      noteEdit();
    }
  }

  // ---------------------------------------------------------------- names

  /** A value name not used anywhere in the root graph, derived from {@code hint}. */
  public String freshValueName(String hint) {
    return root().nameScope().freshValueName(hint);
  }

  /** A node name not used anywhere in the root graph, derived from {@code hint}. */
  public String freshNodeName(String hint) {
    return root().nameScope().freshNodeName(hint);
  }

  NameScope nameScope() {
    if (parent != null) {
      return root().nameScope();
    }
    if (nameScope == null) {
      nameScope = new NameScope(this);
    }
    return nameScope;
  }

  private NameScope nameScopeIfBuilt() {
    return root().nameScope;
  }

  private void reserve(Value value) {
    NameScope scope = nameScopeIfBuilt();
    if (scope != null) {
      scope.reserveValueName(value.name());
    }
  }

  // ---------------------------------------------------------------- listeners

  /** Registers a listener for mutations of this root graph and its subgraphs. */
  public void addListener(GraphListener listener) {
    if (parent != null) {
      throw new IllegalStateException("listeners attach to the root graph");
    }
    listeners.add(listener);
  }

  public void removeListener(GraphListener listener) {
    listeners.remove(listener);
  }

  /**
   * A number that grows with every mutation event of this root graph and its subgraphs (the events
   * {@link GraphListener} sees), so that a cached analysis can tell whether the graph changed since
   * it was computed. Reordering nodes, which changes no meaning, leaves it as it is.
   */
  public long revision() {
    return root().revision;
  }

  /**
   * A number that grows with every change of this root graph and its subgraphs: every mutation
   * event (see {@link #revision()}) and also the changes no listener sees because they change no
   * value's meaning (node order, node and value names, domains and overloads, value_info
   * declarations, graph names). Equal counts on the same root graph mean nothing in it changed,
   * so a verifier's earlier verdict still holds.
   */
  public long editCount() {
    return root().edits;
  }

  /** Counts a change no event reports, see {@link #editCount()}. */
  void noteEdit() {
    root().edits++;
  }

  void fire(Consumer<GraphListener> event) {
    edits++;
    revision++;
    if (!listeners.isEmpty()) {
      for (GraphListener l : List.copyOf(listeners)) {
        event.accept(l);
      }
    }
  }

  // ---------------------------------------------------------------- documentation

  @Override
  public String toString() {
    return "Graph '" + name() + "' (" + nodeCount + " nodes)";
  }
}
