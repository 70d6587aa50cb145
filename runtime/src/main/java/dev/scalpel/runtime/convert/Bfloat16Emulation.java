package dev.scalpel.runtime.convert;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Unmodeled;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.passes.Analyses;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The float32 emulation of a bfloat16 model: the model ONNX Runtime's CPU provider checks in place
 * of a bfloat16 model it has no kernels for (it lacks bfloat16 Relu, Conv, MatMul...).
 *
 * <p>Every bfloat16 tensor becomes a float32 tensor holding the same values: initializers and
 * tensor attributes (Constant, ConstantOfShape) are widened, which is exact (a bfloat16 is the upper
 * half of a float32); value types, Cast targets and the {@code dtype}/{@code output_dtype} of ops
 * that make bfloat16 values become float32. Every node output that was bfloat16 is followed by
 * {@code Cast(to=BFLOAT16) -> Cast(to=FLOAT)}, so each op computes in float32 and its result is
 * rounded to bfloat16 (to nearest, ties to even, as ONNX's Cast says) before anything reads it.
 * What the emulation proves is therefore: the model computes the right thing when each op is
 * exact in float32 and only its results are rounded; an op whose bfloat16 kernel accumulates in
 * bfloat16 (a long reduction) may lose more than that.
 *
 * <p>The emulation's inputs and outputs are float32 where the model's are bfloat16: a bfloat16
 * input is rounded to bfloat16 first thing (so the emulation computes on any float32 input what the
 * model computes on that input rounded, and is fed the original model's float32 inputs), a
 * bfloat16 output is its producer's rounded result, widened. Names of inputs and outputs stay.
 * Subgraphs (If, Loop, Scan bodies) are emulated the same way.
 *
 * <p>Invariants: the model given is not changed (the emulation is a copy; its widened weights are
 * computed when read, {@link WidenedTensor}, so no weight is copied); every value that was bfloat16
 * is float32 and holds a bfloat16 value; the only bfloat16 values left are the outputs of the
 * rounding Casts, each read only by the Cast that widens it back.
 *
 * <p>Refused ({@link Bfloat16EmulationException}, naming the value or function): bfloat16 inside a
 * model-local function body, in a sequence, optional, map or sparse type, in a sparse initializer
 * or a list-of-tensors attribute, and a node output of unknown element type computed from
 * bfloat16 values (it may be bfloat16 and would go unrounded).
 */
public final class Bfloat16Emulation {
  /** What the check of an emulation proved, in words for reports. */
  public static final String DESCRIPTION =
      "bfloat16 emulated: each op computed in float32, its bfloat16 results rounded to bfloat16";

  /** Ops whose {@code dtype} or {@code output_dtype} attribute names the type of values they make. */
  private static final Set<String> TYPE_ATTRIBUTES = Set.of("to", "dtype", "output_dtype");

  private Bfloat16Emulation() {}

  /** Whether {@code model} holds a bfloat16 value, weight or Cast target anywhere (then it needs emulating). */
  public static boolean needed(Model model) {
    for (Graph g : model.graph().allGraphs()) {
      if (mentionsBfloat16(g)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The float32 emulation of {@code bf16Model}, as this class describes.
   *
   * @throws Bfloat16EmulationException if the model holds bfloat16 where it cannot be emulated
   */
  public static Model of(Model bf16Model) {
    Model copy = bf16Model.deepCopy();
    // NOTE: a model built in code may leave values untyped; inference (which only refines) types
    // them, else a bfloat16 result would be left unrounded.
    new Analyses().shapes(copy);
    for (Function f : copy.functions()) {
      for (Graph g : f.body().allGraphs()) {
        if (mentionsBfloat16(g)) {
          throw new Bfloat16EmulationException("model-local function '" + f.name()
              + "' uses bfloat16 in its body, which the check cannot emulate in float32");
        }
      }
    }
    List<Graph> graphs = copy.graph().allGraphs();
    Set<Value> bf16 = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Graph g : graphs) {
      refuseWhatCannotBeEmulated(g, bf16);
    }
    for (Graph g : graphs) {
      emulate(g, bf16);
    }
    return copy;
  }

  /** Collects {@code g}'s bfloat16 tensor values into {@code bf16} and refuses what this class refuses. */
  private static void refuseWhatCannotBeEmulated(Graph g, Set<Value> bf16) {
    Set<Value> doubtful = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Value v : g.inputs()) {
      classify(v, bf16);
    }
    for (Value v : g.initializers()) {
      classify(v, bf16);
    }
    for (Value v : g.sparseInitializers()) {
      if (v.sparseInitializer().orElseThrow().values().dataType() == DataType.BFLOAT16) {
        throw new Bfloat16EmulationException("sparse initializer '" + v.name() + "' is bfloat16, which the check cannot emulate");
      }
    }
    for (Node n : g) {
      for (Attribute a : n.attributes().values()) {
        if ((a instanceof Attribute.TensorsAttr t && t.value().stream().anyMatch(x -> x.dataType() == DataType.BFLOAT16))
            || (a instanceof Attribute.SparseTensorAttr s && s.value().values().dataType() == DataType.BFLOAT16)) {
          throw new Bfloat16EmulationException("attribute '" + a.name() + "' of " + n.describe()
              + " holds bfloat16 tensors, which the check cannot emulate");
        }
      }
      boolean readsBf16 = n.inputs().stream().anyMatch(i -> i != null && (bf16.contains(i) || doubtful.contains(i)));
      for (Value out : n.outputs()) {
        if (classify(out, bf16) || !readsBf16 || out.name().isEmpty()) {
          continue;
        }
        if (out.dataType().isEmpty()) {
          doubtful.add(out);
        }
      }
    }
    for (Node n : g) {
      for (Value out : n.outputs()) {
        if (doubtful.contains(out) && out.isUsed()) {
          throw new Bfloat16EmulationException("the element type of '" + out.name() + "' (" + n.describe()
              + ") is unknown and it is computed from bfloat16 values; the check cannot tell whether to round it");
        }
      }
    }
  }

  /**
   * Whether {@code v} is a bfloat16 tensor (then added to {@code bf16}).
   *
   * @throws Bfloat16EmulationException if bfloat16 is inside another kind of type
   */
  private static boolean classify(Value v, Set<Value> bf16) {
    ValueType t = v.type();
    if (t instanceof ValueType.TensorType tt) {
      if (tt.elementType() == DataType.BFLOAT16) {
        bf16.add(v);
        return true;
      }
      return false;
    }
    if (t != null && t.toString().contains(DataType.BFLOAT16.displayName())) {
      throw new Bfloat16EmulationException("'" + v.name() + "' is of type " + t + ", which the check cannot emulate in float32");
    }
    return false;
  }

  private static void emulate(Graph g, Set<Value> bf16) {
    for (Value v : g.initializers()) {
      if (bf16.contains(v)) {
        v.setInitializer(new WidenedTensor(v.initializer().orElseThrow()));
      }
    }
    List<Node> nodes = g.nodes(); // the model's own nodes, not the rounding Casts added below
    for (Value v : List.copyOf(g.inputs())) {
      if (bf16.contains(v)) {
        roundAfter(g, null, v);
      }
    }
    for (Node n : nodes) {
      retypeAttributes(n);
      for (Value out : List.copyOf(n.outputs())) {
        if (bf16.contains(out)) {
          roundAfter(g, n, out);
        }
      }
    }
    for (Value v : g.initializers()) {
      if (bf16.contains(v) && !v.isGraphInput()) {
        v.setType(widened(v.type()));
      }
    }
  }

  /**
   * {@code v}, a bfloat16 output of {@code n} (or, {@code n} null, a graph input), becomes float32
   * and is rounded to bfloat16 and back before anything reads it. A node output keeps its name on
   * the rounded value, which every reader and graph output now reads; a graph input keeps its name
   * (it is the signature), its readers read the rounded value.
   *
   * <p>NOTE: rounding a graph input matters only where the value fed is not already a bfloat16
   * value: the main graph's inputs, which the check feeds in float32 (a subgraph's inputs are
   * rounded values, where the second rounding is exact).
   */
  private static void roundAfter(Graph g, Node n, Value v) {
    String name = v.name();
    ValueType bf16Type = v.type();
    List<Usage> uses = List.copyOf(v.uses());
    v.setType(widened(bf16Type));
    if (n != null) {
      v.setName(g.freshValueName(name + "_float32"));
    }
    Node round = cast(v, DataType.BFLOAT16, g.freshValueName(name + "_bf16"));
    round.setName(g.freshNodeName("bf16_emulation_round_" + name));
    round.output(0).setType(bf16Type);
    Node back = cast(round.output(0), DataType.FLOAT, n != null ? name : g.freshValueName(name + "_rounded"));
    back.setName(g.freshNodeName("bf16_emulation_widen_" + name));
    if (n != null) {
      g.insertAfter(n, round);
    } else if (g.nodeCount() > 0) {
      g.insertBefore(g.nodes().get(0), round);
    } else {
      g.append(round);
    }
    g.insertAfter(round, back);
    for (Usage u : uses) {
      u.node().replaceInput(u.inputIndex(), back.output(0));
    }
    for (int i = 0; i < g.outputs().size(); i++) {
      if (g.outputs().get(i) == v) {
        g.setOutput(i, back.output(0));
      }
    }
  }

  /** Cast targets, dtypes and tensor attributes of {@code n} in bfloat16 become float32. */
  private static void retypeAttributes(Node n) {
    for (Attribute a : List.copyOf(n.attributes().values())) {
      if (a instanceof Attribute.IntAttr i && i.value() == DataType.BFLOAT16.code() && TYPE_ATTRIBUTES.contains(i.name())) {
        n.setAttribute(new Attribute.IntAttr(i.name(), DataType.FLOAT.code(), i.unmodeled()));
      } else if (a instanceof Attribute.TensorAttr t && t.value().dataType() == DataType.BFLOAT16) {
        n.setAttribute(new Attribute.TensorAttr(t.name(), new WidenedTensor(t.value()), t.unmodeled()));
      }
    }
  }

  private static boolean mentionsBfloat16(Graph g) {
    String bf16 = DataType.BFLOAT16.displayName();
    for (Value v : g.inputs()) {
      if (v.type() != null && v.type().toString().contains(bf16)) {
        return true;
      }
    }
    for (Value v : g.initializers()) {
      if (v.initializer().map(t -> t.dataType() == DataType.BFLOAT16).orElse(false)) {
        return true;
      }
    }
    for (Node n : g) {
      for (Value v : n.outputs()) {
        if (v.type() != null && v.type().toString().contains(bf16)) {
          return true;
        }
      }
      for (Attribute a : n.attributes().values()) {
        if ((a instanceof Attribute.IntAttr i && i.value() == DataType.BFLOAT16.code() && TYPE_ATTRIBUTES.contains(i.name()))
            || (a instanceof Attribute.TensorAttr t && t.value().dataType() == DataType.BFLOAT16)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Node cast(Value x, DataType to, String outputName) {
    Node cast = new Node(null, "Cast", List.of(x), List.of(outputName),
        List.of(new Attribute.IntAttr("to", to.code(), Unmodeled.NONE)));
    cast.output(0).setType(x.type() instanceof ValueType.TensorType t
        ? new ValueType.TensorType(to, t.shape(), t.denotation())
        : new ValueType.TensorType(to, null));
    return cast;
  }

  private static ValueType widened(ValueType type) {
    ValueType.TensorType t = (ValueType.TensorType) type;
    return new ValueType.TensorType(DataType.FLOAT, t.shape(), t.denotation());
  }
}
