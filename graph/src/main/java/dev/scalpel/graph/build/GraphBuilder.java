package dev.scalpel.graph.build;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.OpsetImports;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Emits nodes into a {@link Graph} in program order, so that code building a graph reads like the
 * graph:
 *
 * <pre>{@code
 * GraphBuilder b = GraphBuilder.create(21);
 * Value x = b.input("x", DataType.FLOAT, Shape.of(1, 3));
 * Value y = b.op("Relu", b.op("Add", x, b.constant(one)));
 * b.output(y);
 * Model m = b.model();
 * }</pre>
 *
 * <p>Invariants: every node it emits gets a fresh node name and fresh output names from the root
 * graph it names into, so names never collide, also across subgraphs built with {@link
 * #subgraph}. Names a caller gives (inputs, initializers) must be free, or the builder refuses
 * them. Each domain emitted through {@link #domain} is recorded as an opset import, which {@link
 * #model()} writes into the model.
 */
public final class GraphBuilder {
  /** The IR version {@link #model()} sets unless told otherwise: ONNX 1.16, opsets up to 21. */
  public static final long DEFAULT_IR_VERSION = 10;

  private final Graph graph;
  private final Graph names;
  private final OpsetImports imports;
  private final String domain;
  private long irVersion = DEFAULT_IR_VERSION;

  private GraphBuilder(Graph graph, Graph names, OpsetImports imports, String domain) {
    this.graph = Objects.requireNonNull(graph, "graph");
    this.names = names;
    this.imports = imports;
    this.domain = domain;
  }

  /** A builder that emits into {@code graph}; its domains are recorded but imported nowhere. */
  public GraphBuilder(Graph graph) {
    this(graph, graph.root(), new OpsetImports(), "");
  }

  /** A builder for a new main graph that imports the default ONNX domain at {@code opsetVersion}. */
  public static GraphBuilder create(long opsetVersion) {
    GraphBuilder b = new GraphBuilder(new Graph("main"));
    b.imports.set(OpsetImports.DEFAULT_DOMAIN, opsetVersion);
    return b;
  }

  /** The graph being built. */
  public Graph graph() {
    return graph;
  }

  /** The opset imports recorded so far (the default domain and each domain used). */
  public OpsetImports imports() {
    return imports;
  }

  /**
   * A builder whose {@link #op} emits operators of {@code opDomain} into the same graph, and that
   * records the import {@code opDomain} at {@code version}.
   */
  public GraphBuilder domain(String opDomain, long version) {
    imports.set(opDomain, version);
    GraphBuilder b = new GraphBuilder(graph, names, imports, opDomain);
    b.irVersion = irVersion;
    return b;
  }

  /**
   * A builder for a new, detached subgraph (a branch of If, the body of Loop) that takes its fresh
   * names from this builder's root graph, so they cannot collide with names of the outer graph.
   * Its nodes may read values of this graph directly.
   */
  public GraphBuilder subgraph(String name) {
    return new GraphBuilder(new Graph(name), names, imports, "");
  }

  /** Sets the IR version that {@link #model()} writes. */
  public GraphBuilder irVersion(long version) {
    this.irVersion = version;
    return this;
  }

  // ---------------------------------------------------------------- interface

  /** Adds a tensor input named {@code name}. */
  public Value input(String name, DataType dataType, Shape shape) {
    return input(name, ValueType.tensor(dataType, shape));
  }

  /** Adds an input named {@code name} of {@code type}. */
  public Value input(String name, ValueType type) {
    return graph.addInput(new Value(requireFreeName(name), type));
  }

  /** Adds an initializer named {@code name} that holds {@code tensor}. */
  public Value initializer(String name, Tensor tensor) {
    return graph.addInitializer(new Value(requireFreeName(name)), tensor);
  }

  /**
   * A constant holding {@code tensor}: an initializer with a fresh name.
   *
   * <p>NOTE: an initializer rather than a {@code Constant} node, because {@link
   * Value#constantValue()} (what folding and rewrite rules ask) sees initializers, and ONNX Runtime
   * and TensorRT treat both alike.
   */
  public Value constant(Tensor tensor) {
    String hint = tensor.name().isEmpty() ? "const" : tensor.name();
    return graph.addInitializer(new Value(names.freshValueName(hint)), tensor);
  }

  /** Makes {@code values} graph outputs, in order. */
  public GraphBuilder output(Value... values) {
    for (Value v : values) {
      graph.addOutput(v);
    }
    return this;
  }

  // ---------------------------------------------------------------- nodes

  /** Emits a single-output node without attributes; a null input omits an optional input. */
  public Value op(String opType, Value... inputs) {
    return op(opType, Arrays.asList(inputs));
  }

  /** Emits a single-output node. */
  public Value op(String opType, List<Value> inputs, Attribute... attributes) {
    return node(opType, inputs, 1, attributes).output(0);
  }

  /** Emits a node with {@code outputCount} outputs and returns them in order. */
  public List<Value> ops(String opType, int outputCount, List<Value> inputs, Attribute... attributes) {
    return node(opType, inputs, outputCount, attributes).outputs();
  }

  /** Emits a node and returns it, for callers that need the node itself. */
  public Node node(String opType, List<Value> inputs, int outputCount, Attribute... attributes) {
    List<String> outputNames = new ArrayList<>(outputCount);
    String hint = opType.toLowerCase(Locale.ROOT);
    for (int i = 0; i < outputCount; i++) {
      outputNames.add(names.freshValueName(hint));
    }
    // NOTE: the domain is left unset for the default domain, as exporters write it.
    Node node = new Node(domain.isEmpty() ? null : domain, opType, inputs, outputNames, List.of(attributes));
    node.setName(names.freshNodeName(opType));
    return graph.append(node);
  }

  // ---------------------------------------------------------------- result

  /**
   * A model around the graph, with the IR version and the recorded opset imports.
   *
   * @throws IllegalStateException if this builder builds a subgraph
   */
  public Model model() {
    if (graph.parent() != null || names != graph) {
      throw new IllegalStateException("graph '" + graph.name() + "' is a subgraph, not a model's graph");
    }
    Model model = new Model(graph);
    model.setIrVersion(irVersion);
    model.opsetImports().copyFrom(imports);
    return model;
  }

  private String requireFreeName(String name) {
    Objects.requireNonNull(name, "name");
    String granted = names.freshValueName(name);
    if (!granted.equals(name)) {
      throw new IllegalArgumentException("value name '" + name + "' is already used in graph '" + names.name() + "'");
    }
    return name;
  }
}
