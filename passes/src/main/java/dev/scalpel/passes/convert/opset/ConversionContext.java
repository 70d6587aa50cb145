package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Constants;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.passes.convert.ConversionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What an {@link OpAdapter} may use while it rewrites one node: the versions involved, the node's
 * graph, constants it reads or adds, ranks from shape inference, and the refusal it throws.
 */
final class ConversionContext {
  private final Model model;
  private final long target;
  private final List<String> changes;
  private long boundary;

  ConversionContext(Model model, long target, List<String> changes) {
    this.model = model;
    this.target = target;
    this.changes = changes;
  }

  /** The opset the model is converted to. */
  long target() {
    return target;
  }

  /** The version of the operator change being crossed ({@code OP-boundary}). */
  long boundary() {
    return boundary;
  }

  void setBoundary(long version) {
    this.boundary = version;
  }

  /** Notes what was done to a node, for the result. */
  void note(Node node, String what) {
    changes.add(describe(node) + ": " + what);
  }

  /** The refusal for {@code node} at the current boundary, with {@code why}. */
  ConversionException refuse(Node node, String why) {
    return new ConversionException(describe(node) + " cannot cross opset " + boundary + " (" + node.opType() + "-"
        + boundary + "): " + why);
  }

  static String describe(Node node) {
    return node.opType() + " '" + node.name() + "'";
  }

  /** The rank of {@code v} if inference knows it, else -1. */
  static int rank(Value v) {
    return v == null ? -1 : v.shape().map(s -> s.rank()).orElse(-1);
  }

  /** The elements of an INT64/INT32 constant input; empty when the input is not a constant or of another type. */
  static Optional<long[]> longs(Value v) {
    if (v == null) {
      return Optional.empty();
    }
    return Constants.of(v).flatMap(Tensor::longsIfInteger);
  }

  /** The elements of a float32 constant input, or empty. */
  static Optional<float[]> floats(Value v) {
    if (v == null) {
      return Optional.empty();
    }
    Optional<Tensor> t = Constants.of(v);
    return t.isPresent() && t.get().dataType() == DataType.FLOAT ? Optional.of(t.get().toFloatArray()) : Optional.empty();
  }

  /** Whether input {@code index} of {@code node} is given (present and not the empty name). */
  static boolean given(Node node, int index) {
    return index < node.inputs().size() && node.input(index) != null && !node.input(index).name().isEmpty();
  }

  /**
   * A constant usable by {@code reader}: an initializer of its graph, or (in a function body, which
   * has no initializers) a Constant node inserted before it.
   */
  Value constant(Node reader, Tensor tensor, String hint) {
    Graph g = reader.graph();
    Value v;
    if (isFunctionBody(g)) {
      Node c = new Node(null, "Constant", List.of(), List.of(g.freshValueName(hint)), List.of(Attribute.of("value", tensor)));
      c.setName(g.freshNodeName("Constant_" + hint));
      g.insertBefore(reader, c);
      v = c.output(0);
    } else {
      v = g.addInitializer(hint, tensor);
    }
    v.setType(new ValueType.TensorType(tensor.dataType(), tensor.shape()));
    return v;
  }

  Value int64s(Node reader, String hint, long... values) {
    return constant(reader, DenseTensor.vector("", values), hint);
  }

  /** A scalar constant of {@code type} (FLOAT, FLOAT16 or DOUBLE) holding {@code value}. */
  Value scalar(Node reader, String hint, DataType type, double value) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    switch (type) {
      case FLOAT -> b.putFloat((float) value);
      case DOUBLE -> b.putDouble(value);
      case FLOAT16 -> b.putShort(dev.scalpel.graph.tensor.HalfFloats.floatToHalf((float) value));
      case BFLOAT16 -> b.putShort(dev.scalpel.graph.tensor.HalfFloats.floatToBfloat16((float) value));
      default -> throw new ConversionException("no scalar constant of " + type.displayName() + " for " + hint);
    }
    b.flip();
    return constant(reader, DenseTensor.wrap("", type, new long[0], b), hint);
  }

  /** A new node placed right before {@code anchor}, with fresh output names. */
  Node before(Node anchor, String opType, List<Value> inputs, int outputs, Attribute... attributes) {
    Graph g = anchor.graph();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < outputs; i++) {
      names.add(g.freshValueName(anchor.name().isEmpty() ? opType.toLowerCase(java.util.Locale.ROOT) : anchor.name() + "_" + opType));
    }
    Node n = new Node(null, opType, inputs, names, Arrays.asList(attributes));
    n.setName(g.freshNodeName(anchor.name().isEmpty() ? opType : anchor.name() + "_" + opType));
    g.insertBefore(anchor, n);
    return n;
  }

  /**
   * Inserts {@code opType(node's output 0, moreInputs...)} right after {@code node}; the new node's
   * output takes over the name, type, readers and graph-output places of {@code node}'s output,
   * which gets a fresh name and no declared type.
   */
  static Node follow(Node node, String opType, List<Value> moreInputs, Attribute... attributes) {
    Graph g = node.graph();
    Value out = node.output(0);
    List<Value> inputs = new ArrayList<>();
    inputs.add(out);
    inputs.addAll(moreInputs);
    Node next = new Node(null, opType, inputs, List.of(g.freshValueName(out.name() + "_" + opType)), Arrays.asList(attributes));
    next.setName(g.freshNodeName(node.name() + "_" + opType));
    g.insertAfter(node, next);
    String name = out.name();
    ValueType type = out.type();
    for (dev.scalpel.graph.Usage u : new ArrayList<>(out.uses())) {
      if (u.node() != next) {
        u.node().replaceInput(u.inputIndex(), next.output(0));
      }
    }
    for (int i = 0; i < g.outputs().size(); i++) {
      if (g.outputs().get(i) == out) {
        g.setOutput(i, next.output(0));
      }
    }
    if (g.declaresValueInfo(out)) {
      g.removeValueInfo(out);
    }
    out.setName(g.freshValueName(name + "_before_" + opType));
    out.setType(null);
    next.output(0).setName(name);
    next.output(0).setType(type);
    return next;
  }

  /**
   * Makes {@code replacement} produce what {@code old}'s single output held (its name included,
   * so graph outputs keep their names) and removes {@code old}.
   */
  static void replace(Node old, Value replacement) {
    Value out = old.output(0);
    Graph g = old.graph();
    String name = out.name();
    ValueType type = out.type();
    out.replaceAllUsesWith(replacement);
    for (int i = 0; i < g.outputs().size(); i++) {
      if (g.outputs().get(i) == out) {
        g.setOutput(i, replacement);
      }
    }
    boolean declared = g.declaresValueInfo(out);
    if (declared) {
      g.removeValueInfo(out);
    }
    out.setName(g.freshValueName(name + "_replaced"));
    g.remove(old);
    replacement.setName(name);
    if (type != null) {
      replacement.setType(type);
    }
  }

  private boolean isFunctionBody(Graph g) {
    Graph root = g.root();
    return root != model.graph();
  }
}
