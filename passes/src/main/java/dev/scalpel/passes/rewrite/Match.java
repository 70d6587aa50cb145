package dev.scalpel.passes.rewrite;

import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.ShapeInference;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A place where a rule's pattern matched: the root node, the named nodes, the values bound to
 * variables and constants, the constants' tensors, and the bindings {@link RewriteRule#check}
 * derived. Immutable.
 */
public final class Match {
  private final Node root;
  private final List<Node> nodes;
  private final Map<String, Node> namedNodes;
  private final Map<String, Value> values;
  private final Map<String, Tensor> tensors;
  private final Map<String, Object> bindings;
  private final Supplier<ShapeInference.Result> shapes;
  private final long opsetVersion;

  Match(Node root, List<Node> nodes, Map<String, Node> namedNodes, Map<String, Value> values,
      Map<String, Tensor> tensors, Map<String, Object> bindings) {
    this(root, nodes, namedNodes, values, tensors, bindings, () -> GreedyRewriter.NO_SHAPES, 0);
  }

  private Match(Node root, List<Node> nodes, Map<String, Node> namedNodes, Map<String, Value> values,
      Map<String, Tensor> tensors, Map<String, Object> bindings, Supplier<ShapeInference.Result> shapes,
      long opsetVersion) {
    this.shapes = shapes;
    this.opsetVersion = opsetVersion;
    this.root = root;
    this.nodes = List.copyOf(nodes);
    this.namedNodes = Map.copyOf(namedNodes);
    this.values = Map.copyOf(values);
    this.tensors = Map.copyOf(tensors);
    this.bindings = Map.copyOf(bindings);
  }

  /** The node the match is rooted at; its outputs are what the replacement replaces. */
  public Node root() {
    return root;
  }

  /** Every matched node, root first, producers after their consumers. */
  public List<Node> nodes() {
    return nodes;
  }

  public Node node(String name) {
    return require(namedNodes, name, "node");
  }

  public Value value(String name) {
    return require(values, name, "value");
  }

  /** The tensor of a matched constant. */
  public Tensor tensor(String name) {
    return require(tensors, name, "constant");
  }

  /**
   * The elements of a matched constant of element type int64 or int32, widened; empty when it has
   * another element type ({@link Tensor#longsIfInteger()}).
   *
   * <p>NOTE: the pattern matches any constant; a model that breaks the operator's type constraint
   * (a float32 Reshape shape, found by fuzzing) must make the rule miss, not fail the pass.
   */
  public Optional<long[]> integers(String name) {
    return tensor(name).longsIfInteger();
  }

  /** The tensor of an optional constant, empty when the input was absent. */
  public Optional<Tensor> optionalTensor(String name) {
    return Optional.ofNullable(tensors.get(name));
  }

  /** A value derived by the check ({@link MatchResult#bind}). */
  public <T> T binding(String name, Class<T> type) {
    return type.cast(require(bindings, name, "binding"));
  }

  /** The values bound to constants; the driver drops their initializers once unused. */
  List<Value> constantValues() {
    return tensors.keySet().stream().map(values::get).toList();
  }

  Match withBindings(Map<String, Object> more) {
    Map<String, Object> all = new LinkedHashMap<>(bindings);
    all.putAll(more);
    return new Match(root, nodes, namedNodes, values, tensors, all, shapes, opsetVersion);
  }

  Match inContext(Supplier<ShapeInference.Result> inferred, long version) {
    return new Match(root, nodes, namedNodes, values, tensors, bindings, inferred, version);
  }

  /**
   * The shape analysis of the pipeline ({@link dev.scalpel.passes.Analyses}) as it was when the
   * rewrite pass started. Its facts are about values, and rewrites keep every value's meaning, so
   * they stay true for the values that still exist; values made since have none (unknown).
   */
  public ShapeInference.Result shapes() {
    return shapes.get();
  }

  /** What the shape analysis knows about the elements of {@code v} (a small integer tensor). */
  public Optional<PartialValue> valueOf(Value v) {
    return shapes.get().valueOf(v);
  }

  /** The opset version the model imports for the root's domain. */
  public long opsetVersion() {
    return opsetVersion;
  }

  private static <T> T require(Map<String, T> map, String name, String kind) {
    T t = map.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no " + kind + " '" + name + "' in the match; bound: " + map.keySet());
    }
    return t;
  }
}
