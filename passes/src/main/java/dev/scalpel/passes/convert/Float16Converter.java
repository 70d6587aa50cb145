package dev.scalpel.passes.convert;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Constants;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.Unmodeled;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ModelEdit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Converts a float32 model to float16 or bfloat16: float32 weights, constants and value types
 * become the half type, and Casts go where a node kept in float32 meets a converted one.
 *
 * <p>Which nodes convert is {@link PrecisionPlan}'s decision: a node converts when its opset's
 * schema lets its float32 type parameters take the half type, and it is not kept. Kept in float32,
 * each with its reason in {@link Result#kept()}: the ops of {@link #KEPT_BY_DEFAULT} (overflow or
 * precision; {@link Options#allowedOps()} converts them anyway), reductions over more than 2048
 * elements or over a kept node's float32 output, nodes that compute shape values, Q/DQ nodes and
 * the ops that read a DequantizeLinear (the scales stay float32 as the opset requires, and the
 * quantized op stays between its Q/DQ as TensorRT fuses it), custom-domain ops and calls of
 * model-local functions (function bodies are not touched), If/Loop/Scan nodes themselves (their
 * subgraphs are converted inside; subgraph inputs and outputs stay float32, with Casts inside),
 * a detector's post-processing ({@link DetectionPostprocessing}: the nodes that compute
 * NonMaxSuppression's boxes and scores back to the last Conv/MatMul/Gemm, and those that
 * post-process its selection; NonMaxSuppression in {@link Options#allowedOps()} converts them), and
 * anything blocked by {@link Options#blockedOps()}.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Only FLOAT values change; integer, boolean, double and shape values are untouched.
 *   <li>Every node reads the type its schema binds: where a value's type after conversion differs
 *       from what a port reads, one Cast per value and type per graph is inserted and shared by
 *       every such reader, so no Cast pair undoes another. A Cast the conversion makes a no-op
 *       ({@code Cast(to=float)} of a value that became half) is bypassed.
 *   <li>Weights are never cast at run time: an initializer or Constant read only by half ports is
 *       converted in place; one read by both kinds gets a half copy for the half readers.
 *   <li>Weights stay lazy: a converted initializer is a {@link HalfTensor} over the original
 *       (memory-mapped external data included), computed when the writer streams it, never kept.
 *   <li>The main graph's float32 inputs and outputs become half, or stay float32 with {@link
 *       Options#keepIoTypes()} (a Cast after each input and before each output, which keeps its
 *       name). Names of graph inputs and outputs never change.
 * </ul>
 *
 * <p>Refused ({@link ConversionException}, before the first change): a target other than FLOAT16
 * or BFLOAT16, and bfloat16 below opset 13 (Cast has no bfloat16 form there).
 */
public final class Float16Converter implements ModelEdit<Float16Converter.Result> {
  /**
   * Ops kept in float32 by default, with the reason: their results overflow float16 (whose largest
   * finite value is 65504) or lose too much in 11 significant bits.
   */
  public static final Map<String, String> KEPT_BY_DEFAULT = Map.ofEntries(
      Map.entry("Pow", "x^y overflows float16 beyond 65504 (x^2 beyond |x| = 256)"),
      Map.entry("Exp", "exp(x) overflows float16 beyond x = 11.1"),
      Map.entry("Softmax", "softmax inputs need float32 precision (attention logits)"),
      Map.entry("LogSoftmax", "softmax inputs need float32 precision"),
      Map.entry("LayerNormalization", "mean and variance accumulate over the normalized axes"),
      Map.entry("GroupNormalization", "mean and variance accumulate over each group"),
      Map.entry("InstanceNormalization", "mean and variance accumulate over the spatial axes"),
      Map.entry("RMSNormalization", "the mean square accumulates over the normalized axes"),
      Map.entry("Range", "float16 holds integers exactly only up to 2048"),
      Map.entry("CumSum", "a running sum accumulates out of float16's precision"),
      Map.entry("NonMaxSuppression", "box coordinates beyond 2048 lose their integer precision"),
      Map.entry("RoiAlign", "box coordinates beyond 2048 lose their integer precision"));

  /**
   * What to convert to and what to keep.
   *
   * @param target {@link DataType#FLOAT16} or {@link DataType#BFLOAT16}
   * @param keepIoTypes whether the main graph's float32 inputs and outputs stay float32
   * @param blockedOps op types kept in float32 besides the defaults
   * @param allowedOps op types of {@link #KEPT_BY_DEFAULT} (or reductions) converted anyway
   * @param largeValues values of the main graph known to grow too large for the target, by name,
   *     with the magnitude seen (measured by running the model, {@code runtime.convert.ValueMagnitudes}):
   *     their producers and readers stay float32, so the value is never narrowed
   */
  public record Options(DataType target, boolean keepIoTypes, Set<String> blockedOps, Set<String> allowedOps,
      Map<String, Double> largeValues) {
    public Options {
      Objects.requireNonNull(target, "target");
      blockedOps = Set.copyOf(blockedOps);
      allowedOps = Set.copyOf(allowedOps);
      largeValues = Map.copyOf(largeValues);
    }

    public static Options of(DataType target) {
      return new Options(target, false, Set.of(), Set.of(), Map.of());
    }

    public Options withKeepIoTypes(boolean keep) {
      return new Options(target, keep, blockedOps, allowedOps, largeValues);
    }

    public Options withBlockedOps(Set<String> ops) {
      return new Options(target, keepIoTypes, ops, allowedOps, largeValues);
    }

    public Options withAllowedOps(Set<String> ops) {
      return new Options(target, keepIoTypes, blockedOps, ops, largeValues);
    }

    public Options withLargeValues(Map<String, Double> magnitudes) {
      return new Options(target, keepIoTypes, blockedOps, allowedOps, magnitudes);
    }
  }

  /** A node left in float32, and why. */
  public record KeptNode(String node, String opType, String reason) {}

  /**
   * What a conversion did.
   *
   * @param convertedNodes nodes that now compute in the half type
   * @param kept nodes left in float32 with a float32 port, each with its reason, in graph order
   * @param castsInserted Cast nodes added
   * @param castsBypassed Cast nodes of the model that became no-ops and were bypassed
   * @param tensorsConverted initializers and Constant values now stored in the half type
   * @param weightBytesBefore bytes of every initializer and Constant tensor before
   * @param weightBytesAfter the same after
   */
  public record Result(DataType target, int convertedNodes, List<KeptNode> kept, int castsInserted, int castsBypassed,
      int tensorsConverted, long weightBytesBefore, long weightBytesAfter) {
    public Result {
      kept = List.copyOf(kept);
    }
  }

  private final Options options;

  public Float16Converter(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  @Override
  public Result apply(Model model, Analyses analyses) {
    DataType target = options.target();
    if (target != DataType.FLOAT16 && target != DataType.BFLOAT16) {
      throw new ConversionException("cannot convert to " + target.displayName() + ": the targets are float16 and bfloat16");
    }
    long opset = model.opsetImports().defaultVersion().orElse(0);
    if (target == DataType.BFLOAT16 && opset < 13) {
      throw new ConversionException("bfloat16 needs opset 13 or newer (Cast and most ops have no bfloat16 form at opset "
          + opset + "); convert --opset 13 first");
    }
    analyses.shapes(model);
    long before = weightBytes(model.graph());
    PrecisionPlan plan = PrecisionPlan.of(model, options);
    Rewrite rewrite = new Rewrite(model, plan);
    rewrite.run();
    analyses.invalidate();
    List<KeptNode> kept = new ArrayList<>();
    plan.kept().forEach((n, why) -> kept.add(new KeptNode(n.name(), n.opType(), why)));
    return new Result(target, plan.converted().size() - rewrite.bypassed, kept, rewrite.castsInserted, rewrite.bypassed,
        rewrite.tensorsConverted, before, weightBytes(model.graph()));
  }

  private static long weightBytes(Graph graph) {
    long n = 0;
    for (Value v : graph.initializers()) {
      n += v.initializer().map(Tensor::byteSize).orElse(0L);
    }
    for (Node node : graph) {
      if (Constants.isConstantNode(node)) {
        n += Constants.ofNode(node).map(Tensor::byteSize).orElse(0L);
      }
      for (Graph sub : node.subgraphs()) {
        n += weightBytes(sub);
      }
    }
    return n;
  }

  /** The mutation, once the plan is made; see the class invariants. */
  private final class Rewrite {
    private final Model model;
    private final PrecisionPlan plan;
    private final DataType target = options.target();
    /** Per graph: value → (type → the Cast output of that type in that graph). */
    private final Map<Graph, Map<Value, Map<DataType, Value>>> casts = new IdentityHashMap<>();
    private final Set<Value> originallyFloat = Collections.newSetFromMap(new IdentityHashMap<>());
    int castsInserted;
    int bypassed;
    int tensorsConverted;

    Rewrite(Model model, PrecisionPlan plan) {
      this.model = model;
      this.plan = plan;
    }

    void run() {
      List<Graph> graphs = model.graph().allGraphs();
      List<Node> constantNodes = new ArrayList<>();
      Set<Node> constantSet = Collections.newSetFromMap(new IdentityHashMap<>());
      List<Value> computed = new ArrayList<>();
      for (Graph g : graphs) {
        for (Value v : g.inputs()) {
          if (isFloat(v)) {
            originallyFloat.add(v);
            computed.add(v);
          }
        }
        for (Value v : g.initializers()) {
          if (isFloat(v)) {
            originallyFloat.add(v);
          }
        }
        for (Node n : g) {
          if (n.isDefaultDomain() && n.opType().equals("Constant")) {
            constantNodes.add(n);
            constantSet.add(n);
          }
          for (Value v : n.outputs()) {
            if (v != null && isFloat(v)) {
              originallyFloat.add(v);
              if (!constantSet.contains(n)) {
                computed.add(v);
              }
            }
          }
        }
      }
      // 1. Types the plan defines: converted nodes' half ports, the main graph's inputs.
      Map<Value, DataType> after = new IdentityHashMap<>();
      for (Value v : computed) {
        after.put(v, plan.typeAfter(v));
      }
      for (Map.Entry<Node, PrecisionPlan.Ports> e : plan.converted().entrySet()) {
        Node n = e.getKey();
        if (n.opType().equals("Cast") && e.getValue().outputs()[0]) {
          n.setAttribute(new Attribute.IntAttr("to", target.code(), Unmodeled.NONE));
        } else if (n.opType().equals("ConstantOfShape")) {
          Attribute.TensorAttr fill = (Attribute.TensorAttr) n.attribute("value").orElseThrow();
          n.setAttribute(new Attribute.TensorAttr("value", new HalfTensor(fill.value(), target, fill.value().name()), fill.unmodeled()));
        }
      }
      for (Map.Entry<Value, DataType> e : after.entrySet()) {
        setElementType(e.getKey(), e.getValue());
        e.getKey().initializer().ifPresent(t -> {
          if (e.getValue() == target) {
            e.getKey().setInitializer(new HalfTensor(t, target, t.name()));
            tensorsConverted++;
          }
        });
      }
      // 2. Weights follow their readers.
      for (Graph g : graphs) {
        for (Value v : new ArrayList<>(g.initializers())) {
          if (originallyFloat.contains(v) && !v.isGraphInput()) {
            convertInitializer(g, v);
          }
        }
      }
      for (Node c : constantNodes) {
        if (c.outputs().size() == 1 && originallyFloat.contains(c.output(0))) {
          convertConstant(c);
        }
      }
      bypassNoOpCasts();
      // 3. Casts where a computed value's type differs from what its reader reads.
      for (Value v : computed) {
        for (Usage u : new ArrayList<>(v.uses())) {
          DataType want = plan.wantsHalf(u.node(), u.inputIndex()) ? target : DataType.FLOAT;
          if (v.dataType().orElse(DataType.FLOAT) != want) {
            u.node().replaceInput(u.inputIndex(), cast(u.node().graph(), v, want));
          }
        }
      }
      // 4. Graph outputs: the main graph's in the signature's type, subgraphs' as they were.
      for (Graph g : graphs) {
        boolean main = g == model.graph();
        DataType want = main && !options.keepIoTypes() ? target : DataType.FLOAT;
        for (int i = 0; i < g.outputs().size(); i++) {
          Value v = g.outputs().get(i);
          if (originallyFloat.contains(v) && v.dataType().orElse(DataType.FLOAT) != want && !v.isInitializer()) {
            g.setOutput(i, renamedCast(g, v, want));
          }
        }
      }
    }

    private void convertInitializer(Graph g, Value v) {
      Readers readers = readersOf(v);
      if (readers.half.isEmpty()) {
        return;
      }
      Tensor t = v.initializer().orElseThrow();
      if (readers.full.isEmpty() && !v.isGraphOutput()) {
        v.setInitializer(new HalfTensor(t, target, t.name()));
        setElementType(v, target);
      } else {
        Value copy = g.addInitializer(v.name() + suffix(target), new HalfTensor(t, target, null));
        copy.setType(new ValueType.TensorType(target, v.shape().orElse(dev.scalpel.graph.Shape.of(t.dims()))));
        readers.half.forEach(u -> u.node().replaceInput(u.inputIndex(), copy));
      }
      tensorsConverted++;
    }

    private void convertConstant(Node c) {
      Value v = c.output(0);
      Readers readers = readersOf(v);
      if (readers.half.isEmpty()) {
        return;
      }
      Tensor t = Constants.ofNode(c).orElse(null);
      if (t == null || t.dataType() != DataType.FLOAT) {
        return;
      }
      Attribute value = new Attribute.TensorAttr("value", new HalfTensor(t, target, t.name()), Unmodeled.NONE);
      if (readers.full.isEmpty() && !v.isGraphOutput()) {
        for (String a : new ArrayList<>(c.attributes().keySet())) {
          c.removeAttribute(a);
        }
        c.setAttribute(value);
        setElementType(v, target);
      } else {
        Graph g = c.graph();
        Node copy = new Node(c.domain(), "Constant", List.of(), List.of(g.freshValueName(v.name() + suffix(target))),
            List.of(value));
        copy.setName(g.freshNodeName(c.name().isEmpty() ? "Constant" + suffix(target) : c.name() + suffix(target)));
        g.insertAfter(c, copy);
        copy.output(0).setType(new ValueType.TensorType(target, v.shape().orElse(dev.scalpel.graph.Shape.of(t.dims()))));
        readers.half.forEach(u -> u.node().replaceInput(u.inputIndex(), copy.output(0)));
      }
      tensorsConverted++;
    }

    private record Readers(List<Usage> half, List<Usage> full) {}

    private Readers readersOf(Value v) {
      List<Usage> half = new ArrayList<>();
      List<Usage> full = new ArrayList<>();
      for (Usage u : v.uses()) {
        (plan.wantsHalf(u.node(), u.inputIndex()) ? half : full).add(u);
      }
      return new Readers(half, full);
    }

    /** A converted {@code Cast} whose input now has its target type is bypassed (unless it names a graph output). */
    private void bypassNoOpCasts() {
      for (Node n : new ArrayList<>(plan.converted().keySet())) {
        if (!n.opType().equals("Cast") || n.output(0).isGraphOutput()) {
          continue;
        }
        Value in = n.input(0);
        if (in.dataType().isPresent() && in.dataType().get().code() == n.intAttribute("to", -1)) {
          n.output(0).replaceAllUsesWith(in);
          n.graph().remove(n);
          bypassed++;
        }
      }
    }

    /** The output of a Cast of {@code v} to {@code type} in {@code graph}, made once and shared. */
    private Value cast(Graph graph, Value v, DataType type) {
      Map<DataType, Value> byType = casts.computeIfAbsent(graph, g -> new IdentityHashMap<>())
          .computeIfAbsent(v, x -> new LinkedHashMap<>());
      Value out = byType.get(type);
      if (out == null) {
        Node cast = castNode(graph, v, type, graph.freshValueName(v.name() + suffix(type)));
        place(graph, v, cast);
        out = cast.output(0);
        byType.put(type, out);
      }
      return out;
    }

    /** A Cast of {@code v} that takes over {@code v}'s name, {@code v} renamed; for graph outputs. */
    private Value renamedCast(Graph graph, Value v, DataType type) {
      String name = v.name();
      v.setName(graph.freshValueName(name + suffix(v.dataType().orElse(DataType.FLOAT))));
      Node cast = castNode(graph, v, type, name);
      place(graph, v, cast);
      if (graph.declaresValueInfo(v)) {
        graph.removeValueInfo(v);
      }
      return cast.output(0);
    }

    private Node castNode(Graph graph, Value v, DataType type, String outputName) {
      Node cast = new Node(null, "Cast", List.of(v), List.of(outputName),
          List.of(new Attribute.IntAttr("to", type.code(), Unmodeled.NONE)));
      cast.setName(graph.freshNodeName("Cast_" + v.name() + suffix(type)));
      cast.output(0).setType(new ValueType.TensorType(type, v.shape().orElse(null)));
      castsInserted++;
      return cast;
    }

    /** Right after {@code v}'s producer when it is in {@code graph}, else first in {@code graph}. */
    private void place(Graph graph, Value v, Node cast) {
      Node producer = v.producer();
      if (producer != null && producer.graph() == graph) {
        graph.insertAfter(producer, cast);
      } else if (graph.nodeCount() > 0) {
        graph.insertBefore(graph.nodes().get(0), cast);
      } else {
        graph.append(cast);
      }
    }

    private static boolean isFloat(Value v) {
      return v.dataType().orElse(null) == DataType.FLOAT;
    }

    private static void setElementType(Value v, DataType type) {
      if (v.type() instanceof ValueType.TensorType t && t.elementType() != type) {
        v.setType(new ValueType.TensorType(type, t.shape(), t.denotation()));
      }
    }

    private static String suffix(DataType type) {
      return switch (type) {
        case FLOAT16 -> "_fp16";
        case BFLOAT16 -> "_bf16";
        default -> "_fp32";
      };
    }
  }
}
