package dev.scalpel.passes.rewrite;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the nodes and constants of a replacement without touching the graph: the driver inserts
 * the nodes before the match's root and adds the constants as initializers under fresh names.
 */
public final class RewriteBuilder {
  private final Graph graph;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<Value, Tensor> initializers = new LinkedHashMap<>();

  RewriteBuilder(Graph graph) {
    this.graph = graph;
  }

  /** A single-output node of the default domain, named freshly from {@code nameHint}. */
  public Value op(String opType, List<Value> inputs, Collection<? extends Attribute> attributes, String nameHint) {
    Node node = new Node(null, opType, inputs, Arrays.asList((String) null), attributes);
    node.setName(graph.freshNodeName(nameHint.isEmpty() ? opType : nameHint));
    nodes.add(node);
    return node.output(0);
  }

  /**
   * A node of the default domain with several outputs, named freshly from {@code nameHint}; output
   * i is made only where {@code present[i]} (else it is an omitted optional output).
   */
  public List<Value> op(String opType, List<Value> inputs, Collection<? extends Attribute> attributes,
      boolean[] present, String nameHint) {
    List<String> outputNames = new ArrayList<>(present.length);
    for (boolean made : present) {
      outputNames.add(made ? null : "");
    }
    Node node = new Node(null, opType, inputs, outputNames, attributes);
    node.setName(graph.freshNodeName(nameHint.isEmpty() ? opType : nameHint));
    nodes.add(node);
    return node.outputs();
  }

  /** A new constant holding {@code tensor}, never sharing a name with an existing value. */
  public Value constant(String nameHint, Tensor tensor) {
    Value v = new Value(graph.freshValueName(nameHint));
    initializers.put(v, tensor);
    return v;
  }

  List<Node> nodes() {
    return nodes;
  }

  Map<Value, Tensor> initializers() {
    return initializers;
  }
}
