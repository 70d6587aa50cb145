package dev.scalpel.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.io.OnnxReader;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.tensor.DenseTensor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Mutates a valid model the way broken exporters and hand edits do, driven by fuzzer data: nodes
 * out of order, an input rewired to another value (cycles included), attributes set to other values
 * or other kinds, declared element types and dims changed (UNDEFINED and negative dims included),
 * names duplicated, operators moved to undeclared domains, opset versions changed, initializers
 * replaced by tensors of other shapes or types.
 *
 * <p>The result is serialized and read back ({@link #mutatedBytes}), so a target only ever sees a
 * model a file can hold: a mutation the IR itself refuses (an {@link IllegalArgumentException} or
 * {@link IllegalStateException} of its mutators) is skipped, and so is a mutated IR the writer
 * cannot serialize.
 */
final class ModelMutator {
  private static final DataType[] TYPES = DataType.values();
  private static final String[] ATTR_NAMES = {
    "axis", "axes", "perm", "group", "kernel_shape", "pads", "strides", "dilations", "keepdims", "to",
    "alpha", "beta", "transA", "transB", "mode", "value", "epsilon", "allowzero", "split", "starts"
  };

  private final FuzzedDataProvider data;
  private final Model model;

  private ModelMutator(FuzzedDataProvider data, Model model) {
    this.data = data;
    this.model = model;
  }

  /**
   * A seed model drawn by {@code data}, mutated up to {@code maxMutations} times and serialized; or
   * null when the mutated IR cannot be written.
   */
  static byte[] mutatedBytes(FuzzedDataProvider data, int maxMutations) {
    List<byte[]> seeds = SeedModels.all();
    Model model = OnnxReader.read(seeds.get(data.consumeInt(0, seeds.size() - 1)));
    ModelMutator m = new ModelMutator(data, model);
    int count = data.consumeInt(1, maxMutations);
    for (int i = 0; i < count && data.remainingBytes() > 0; i++) {
      try {
        m.mutateOnce();
      } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException refusedByIr) {
        // NOTE: the IR's own mutators refuse this edit; no file could express it either.
      }
    }
    try {
      return OnnxWriter.toBytes(model);
    } catch (RuntimeException notWritable) {
      return null;
    }
  }

  private void mutateOnce() {
    Graph g = pickGraph();
    List<Node> nodes = g.nodes();
    switch (data.consumeInt(0, 10)) {
      case 0 -> swapNodes(g, nodes);
      case 1 -> rewire(g, nodes);
      case 2 -> setAttribute(nodes);
      case 3 -> removeAttribute(nodes);
      case 4 -> retype(g);
      case 5 -> duplicateName(g);
      case 6 -> moveToDomain(nodes);
      case 7 -> model.opsetImports().set("", data.consumeLong(1, 25));
      case 8 -> replaceInitializer(g);
      case 9 -> removeNode(g, nodes);
      default -> addOutput(g);
    }
  }

  private Graph pickGraph() {
    List<Graph> graphs = model.graph().allGraphs();
    return graphs.get(data.consumeInt(0, graphs.size() - 1));
  }

  private Node pickNode(List<Node> nodes) {
    return nodes.get(data.consumeInt(0, nodes.size() - 1));
  }

  private List<Value> valuesOf(Graph g) {
    Set<Value> all = new LinkedHashSet<>(g.inputs());
    all.addAll(g.initializers());
    for (Node n : g.nodes()) {
      all.addAll(n.outputs());
    }
    return new ArrayList<>(all);
  }

  private void swapNodes(Graph g, List<Node> nodes) {
    List<Node> order = new ArrayList<>(nodes);
    int i = data.consumeInt(0, order.size() - 1);
    int j = data.consumeInt(0, order.size() - 1);
    Node t = order.get(i);
    order.set(i, order.get(j));
    order.set(j, t);
    g.reorder(order);
  }

  private void rewire(Graph g, List<Node> nodes) {
    Node n = pickNode(nodes);
    List<Value> values = valuesOf(g);
    if (n.inputs().isEmpty() || values.isEmpty()) {
      return;
    }
    n.replaceInput(data.consumeInt(0, n.inputs().size() - 1), values.get(data.consumeInt(0, values.size() - 1)));
  }

  private void setAttribute(List<Node> nodes) {
    Node n = pickNode(nodes);
    List<String> names = new ArrayList<>(n.attributes().keySet());
    String name = !names.isEmpty() && data.consumeBoolean() ? names.get(data.consumeInt(0, names.size() - 1))
        : data.pickValue(ATTR_NAMES);
    Attribute a = switch (data.consumeInt(0, 5)) {
      case 0 -> Attribute.of(name, data.consumeLong(-4, 9));
      case 1 -> Attribute.ofInts(name, longs());
      case 2 -> Attribute.of(name, data.consumeFloat());
      case 3 -> Attribute.of(name, data.consumeString(8));
      case 4 -> Attribute.ofFloats(name, data.consumeFloat(), data.consumeFloat());
      default -> Attribute.of(name, DenseTensor.ofLongs(name, new long[] {2}, longs(2)));
    };
    n.setAttribute(a);
  }

  private void removeAttribute(List<Node> nodes) {
    Node n = pickNode(nodes);
    List<String> names = new ArrayList<>(n.attributes().keySet());
    if (!names.isEmpty()) {
      n.removeAttribute(names.get(data.consumeInt(0, names.size() - 1)));
    }
  }

  private void retype(Graph g) {
    List<Value> values = valuesOf(g);
    if (values.isEmpty()) {
      return;
    }
    Value v = values.get(data.consumeInt(0, values.size() - 1));
    if (data.consumeInt(0, 4) == 0) {
      v.setType(null);
      return;
    }
    int rank = data.consumeInt(0, 5);
    List<Dim> dims = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      int kind = data.consumeInt(0, 4);
      dims.add(kind == 0 ? Dim.of("d" + data.consumeInt(0, 2)) : kind == 1 ? Dim.unknown() : Dim.of(data.consumeLong(-2, 9)));
    }
    v.setType(new ValueType.TensorType(TYPES[data.consumeInt(0, TYPES.length - 1)], data.consumeBoolean() ? Shape.of(dims) : null));
  }

  private void duplicateName(Graph g) {
    List<Value> values = valuesOf(g);
    if (values.size() < 2) {
      return;
    }
    Value a = values.get(data.consumeInt(0, values.size() - 1));
    Value b = values.get(data.consumeInt(0, values.size() - 1));
    a.setName(b.name());
  }

  private void moveToDomain(List<Node> nodes) {
    pickNode(nodes).setDomain(data.pickValue(new String[] {"com.fuzz", "ai.onnx.ml", "com.microsoft", "ai.onnx"}));
  }

  private void replaceInitializer(Graph g) {
    List<Value> inits = g.initializers();
    if (inits.isEmpty()) {
      return;
    }
    Value v = inits.get(data.consumeInt(0, inits.size() - 1));
    long[] values = longs();
    if (data.consumeBoolean()) {
      v.setInitializer(DenseTensor.ofLongs(v.name(), new long[] {values.length}, values));
    } else {
      float[] f = new float[values.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = values[i];
      }
      long[] dims = values.length == 4 && data.consumeBoolean() ? new long[] {1, 1, 2, 2} : new long[] {values.length};
      v.setInitializer(DenseTensor.ofFloats(v.name(), dims, f));
    }
  }

  private void removeNode(Graph g, List<Node> nodes) {
    g.remove(pickNode(nodes));
  }

  private void addOutput(Graph g) {
    List<Value> values = valuesOf(g);
    if (!values.isEmpty()) {
      g.addOutput(values.get(data.consumeInt(0, values.size() - 1)));
    }
  }

  private long[] longs() {
    return longs(data.consumeInt(0, 5));
  }

  private long[] longs(int n) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = data.consumeLong(-4, 9);
    }
    return v;
  }
}
