package dev.scalpel.graph.traverse;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.TensorStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a model is made of, entry by entry, for {@code scalpel inspect --show}: its nodes, its
 * tensors with producers and consumers, its weights with statistics, in the main graph and every
 * subgraph (nodes depth first: a node, then the nodes of its subgraphs; tensors and weights graph by
 * graph, the main graph first). The types are those the model
 * holds; run shape inference on it first to list inferred types.
 *
 * <p>Nothing here changes the model. Only {@link #weights} reads tensor data, one tensor at a time
 * ({@link TensorStatistics}).
 */
public final class ModelListing {
  private ModelListing() {}

  /** A tensor as a node reads or writes it; {@code name} is empty for an omitted optional one. */
  public record TensorRef(String name, ValueType type) {}

  /**
   * One node.
   *
   * @param depth 0 in the main graph, 1 inside a subgraph of a main-graph node, ...
   * @param graph the name of the graph the node is in
   * @param name the node's name (may be empty)
   * @param domain the operator's domain, empty for ONNX
   * @param op the operator type
   * @param inputs the inputs in order
   * @param outputs the outputs in order
   * @param attributes the attributes in order
   */
  public record NodeEntry(int depth, String graph, String name, String domain, String op, List<TensorRef> inputs,
      List<TensorRef> outputs, List<Attribute> attributes) {
    public NodeEntry {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
      attributes = List.copyOf(attributes);
    }
  }

  /** Where a tensor comes from. */
  public enum Origin { GRAPH_INPUT, INITIALIZER, NODE }

  /**
   * One tensor.
   *
   * @param producer the node that computes it ({@link Node#describe()}), empty for inputs and initializers
   * @param consumers the nodes that read it ({@link Node#describe()}), subgraph nodes included
   * @param graphOutput whether it is an output of its graph
   */
  public record TensorEntry(int depth, String graph, String name, ValueType type, Origin origin, String producer,
      List<String> consumers, boolean graphOutput) {
    public TensorEntry {
      consumers = List.copyOf(consumers);
    }
  }

  /**
   * One weight (a dense initializer).
   *
   * @param bytes the size of its data
   * @param external whether its data lives in an external file
   * @param statistics its statistics, empty for element types {@link TensorStatistics} does not summarise
   */
  public record WeightEntry(String graph, String name, DataType dataType, Shape shape, long bytes, boolean external,
      Optional<TensorStatistics> statistics) {}

  /** The nodes of all graphs that {@code filter} keeps, each followed by the nodes of its subgraphs. */
  public static List<NodeEntry> nodes(Model model, ListingFilter filter) {
    List<NodeEntry> out = new ArrayList<>();
    addNodes(out, model.graph(), 0, filter);
    return out;
  }

  private static void addNodes(List<NodeEntry> out, Graph g, int depth, ListingFilter filter) {
    for (Node n : g) {
      if (filter.node(n)) {
        out.add(new NodeEntry(depth, g.name(), n.name(), n.domain() == null ? "" : n.domain(), n.opType(),
            refs(n.inputs()), refs(n.outputs()), List.copyOf(n.attributes().values())));
      }
      for (Graph sub : n.subgraphs()) {
        addNodes(out, sub, depth + 1, filter);
      }
    }
  }

  /** The tensors of all graphs that {@code filter} keeps: inputs, initializers, then node outputs. */
  public static List<TensorEntry> tensors(Model model, ListingFilter filter) {
    List<TensorEntry> out = new ArrayList<>();
    visit(model.graph(), 0, (g, depth) -> {
      for (Value v : g.inputs()) {
        add(out, depth, g, v, v.isInitializer() ? Origin.INITIALIZER : Origin.GRAPH_INPUT, filter);
      }
      for (Value v : g.initializers()) {
        if (!v.isGraphInput()) {
          add(out, depth, g, v, Origin.INITIALIZER, filter);
        }
      }
      for (Value v : g.sparseInitializers()) {
        if (!v.isGraphInput()) {
          add(out, depth, g, v, Origin.INITIALIZER, filter);
        }
      }
      for (Node n : g) {
        for (Value v : n.outputs()) {
          if (!v.name().isEmpty()) {
            add(out, depth, g, v, Origin.NODE, filter);
          }
        }
      }
    });
    return out;
  }

  /**
   * The dense initializers of all graphs that {@code filter} keeps, each handed to {@code sink} as
   * soon as its statistics are computed (so a caller can print while the next tensor is read).
   */
  public static void weights(Model model, ListingFilter filter, Consumer<WeightEntry> sink) {
    visit(model.graph(), 0, (g, depth) -> {
      for (Value v : g.initializers()) {
        if (filter.weight(v)) {
          Tensor t = v.initializer().orElseThrow();
          sink.accept(new WeightEntry(g.name(), v.name(), t.dataType(), t.shape(), t.byteSize(), t.isExternal(),
              TensorStatistics.of(t)));
        }
      }
    });
  }

  private static void add(List<TensorEntry> out, int depth, Graph g, Value v, Origin origin, ListingFilter filter) {
    if (!filter.tensor(v)) {
      return;
    }
    List<String> consumers = v.consumers().stream().map(Node::describe).toList();
    String producer = v.producer() == null ? "" : v.producer().describe();
    out.add(new TensorEntry(depth, g.name(), v.name(), v.type(), origin, producer, consumers, v.isGraphOutput()));
  }

  private static List<TensorRef> refs(List<Value> values) {
    List<TensorRef> out = new ArrayList<>(values.size());
    for (Value v : values) {
      out.add(v == null ? new TensorRef("", null) : new TensorRef(v.name(), v.type()));
    }
    return out;
  }

  private interface GraphVisitor {
    void visit(Graph graph, int depth);
  }

  /** Visits {@code graph}, then, for each of its nodes in order, that node's subgraphs. */
  private static void visit(Graph graph, int depth, GraphVisitor visitor) {
    visitor.visit(graph, depth);
    for (Node n : graph) {
      for (Graph sub : n.subgraphs()) {
        visit(sub, depth + 1, visitor);
      }
    }
  }
}
