package dev.scalpel.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named SSA value: a graph input, an initializer, or an output of exactly one {@link Node}.
 *
 * <p>Invariants: a value has at most one producer, fixed when the producing node is created. Its
 * {@link #uses()} are exactly the input slots of nodes currently in a graph that read it; they are
 * kept right by the only mutators of node inputs ({@link Node#replaceInput}, {@link
 * #replaceAllUsesWith}, and the {@link Graph} methods that add and remove nodes). An empty name
 * marks an omitted optional node output.
 */
public final class Value extends ModelElement {
  private String name;
  private ValueType type;
  private ValueType sourceType;
  private Unmodeled sourceTypeEncoding;

  Node producer;
  int outputIndex = -1;
  Graph owner;
  Tensor initializer;
  SparseTensor sparseInitializer;
  int graphOutputRefs;
  private final List<Usage> uses = new ArrayList<>(2);

  /** A detached value; it joins a graph as an input, initializer, or node output. */
  public Value(String name) {
    this.name = name == null ? "" : name;
  }

  public Value(String name, ValueType type) {
    this(name);
    this.type = type;
  }

  public String name() {
    return name;
  }

  /**
   * Renames the value. Names must stay unique in the model; {@link Graph#freshValueName} gives one
   * that is.
   */
  public void setName(String newName) {
    Objects.requireNonNull(newName, "newName");
    this.name = newName;
    Graph g = graph();
    if (g != null) {
      g.root().nameScope().reserveValueName(newName);
      g.noteEdit();
    }
  }

  /** The value's type, or null when nothing is known. */
  public ValueType type() {
    return type;
  }

  public void setType(ValueType newType) {
    if (Objects.equals(type, newType)) {
      return;
    }
    this.type = newType;
    Graph g = graph();
    if (g != null) {
      g.root().fire(l -> l.typeChanged(this));
    }
  }

  /** The tensor type, if this value is a tensor of known element type. */
  public Optional<ValueType.TensorType> tensorType() {
    return type instanceof ValueType.TensorType t ? Optional.of(t) : Optional.empty();
  }

  /** The shape, if this value is a tensor of known rank. */
  public Optional<Shape> shape() {
    return tensorType().map(ValueType.TensorType::shape);
  }

  /** The element type, if this value is a tensor of known element type. */
  public Optional<DataType> dataType() {
    return tensorType().map(ValueType.TensorType::elementType);
  }

  /** The node that computes this value, or null for inputs, initializers and detached values. */
  public Node producer() {
    return producer;
  }

  /** Position among the producer's outputs, or -1. */
  public int outputIndex() {
    return outputIndex;
  }

  /** The graph the value belongs to, or null when detached. */
  public Graph graph() {
    return producer != null ? producer.graph() : owner;
  }

  /** The input slots that read this value, in no particular order. Unmodifiable view. */
  public List<Usage> uses() {
    return Collections.unmodifiableList(uses);
  }

  /** The distinct nodes that read this value. */
  public List<Node> consumers() {
    List<Node> out = new ArrayList<>(uses.size());
    for (Usage u : uses) {
      if (!out.contains(u.node())) {
        out.add(u.node());
      }
    }
    return out;
  }

  public boolean isUsed() {
    return !uses.isEmpty() || graphOutputRefs > 0;
  }

  public boolean isGraphInput() {
    return owner != null && producer == null && owner.inputs().contains(this);
  }

  public boolean isGraphOutput() {
    return graphOutputRefs > 0;
  }

  public boolean isInitializer() {
    return initializer != null || sparseInitializer != null;
  }

  /** The dense initializer data, if this value is an initializer. */
  public Optional<Tensor> initializer() {
    return Optional.ofNullable(initializer);
  }

  public Optional<SparseTensor> sparseInitializer() {
    return Optional.ofNullable(sparseInitializer);
  }

  /**
   * The constant this value always holds: its initializer, unless it is also a graph input (then a
   * caller may override it at run time).
   */
  public Optional<Tensor> constantValue() {
    if (initializer == null || isGraphInput()) {
      return Optional.empty();
    }
    return Optional.of(initializer);
  }

  /** Replaces the data of an initializer. */
  public void setInitializer(Tensor tensor) {
    if (initializer == null) {
      throw new IllegalStateException(
          "value '" + name + "' is not an initializer; use Graph.addInitializer");
    }
    this.initializer = Objects.requireNonNull(tensor, "tensor");
    if (owner != null) {
      owner.root().fire(l -> l.initializerChanged(this));
    }
  }

  /**
   * Makes every node input that reads this value read {@code replacement} instead. Graph outputs
   * are not touched: the model's signature is the caller's to change.
   */
  public void replaceAllUsesWith(Value replacement) {
    if (replacement == this) {
      return;
    }
    for (Usage u : new ArrayList<>(uses)) {
      u.node().replaceInput(u.inputIndex(), replacement);
    }
  }

  /**
   * Records the encoding the type had in the source file, so that a writer can re-emit it exactly
   * (denotations, unusual field presence) while the type is unchanged.
   */
  public void setSourceTypeEncoding(ValueType parsed, Unmodeled encoding) {
    this.sourceType = parsed;
    this.sourceTypeEncoding = encoding;
  }

  /** The source encoding of the type, if the type has not changed since it was read. */
  public Optional<Unmodeled> sourceTypeEncoding() {
    return sourceTypeEncoding != null && Objects.equals(sourceType, type)
        ? Optional.of(sourceTypeEncoding)
        : Optional.empty();
  }

  /** Copies type, documentation and unmodeled fields (not connections) from {@code other}. */
  void copyDeclarationFrom(Value other) {
    this.type = other.type;
    this.sourceType = other.sourceType;
    this.sourceTypeEncoding = other.sourceTypeEncoding;
    copyAnnotationsFrom(other);
  }

  void addUse(Node node, int index) {
    uses.add(new Usage(node, index));
  }

  void removeUse(Node node, int index) {
    for (int i = uses.size() - 1; i >= 0; i--) {
      Usage u = uses.get(i);
      if (u.node() == node && u.inputIndex() == index) {
        uses.remove(i);
        return;
      }
    }
    throw new IllegalStateException("use list of '" + name + "' lost input " + index);
  }

  @Override
  public String toString() {
    return "%" + name + (type == null ? "" : ": " + type);
  }
}
