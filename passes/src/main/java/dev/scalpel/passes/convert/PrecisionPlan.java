package dev.scalpel.passes.convert;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.Constants;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.FormalParameter;
import dev.scalpel.opset.OpSchema;
import dev.scalpel.opset.SchemaRegistry;
import dev.scalpel.opset.TypeConstraint;
import dev.scalpel.opset.TypeExpr;
import dev.scalpel.opset.quant.QdqNodes;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which nodes of a model compute in the half type, and on which of their ports, for {@link
 * Float16Converter}. Decided once over the model as it is (types inferred), every graph included,
 * in topological order (a decision may read its producers' decisions).
 *
 * <p>A node is <em>converted</em> when the schema of its opset lets every type parameter bound to
 * a float32 port take the half type: those ports ({@link Ports}) become half; ports of a fixed
 * type ({@code tensor(float)}, such as Resize's scales) stay float32. Every other node with a
 * float32 port is <em>kept</em> in float32, with the reason recorded. Nodes without a float32
 * port, and {@code Constant} nodes (sources, sized by their consumers), get no decision.
 */
final class PrecisionPlan {
  /** The float32 ports of a converted node that become half, by input and output index. */
  record Ports(boolean[] inputs, boolean[] outputs) {}

  /** Element count above which an accumulation in float16 stops adding ones (2^11). */
  static final long LARGE_REDUCTION = 2048;

  private static final Set<String> REDUCTIONS = Set.of("ReduceSum", "ReduceMean", "ReduceProd", "ReduceSumSquare",
      "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp");

  private final Model model;
  private final Float16Converter.Options options;
  private final SchemaRegistry registry = SchemaRegistry.standard();
  private final ShapeArithmetic shapes;
  private final DetectionPostprocessing detection;
  private final Map<Node, Ports> converted = new IdentityHashMap<>();
  private final Map<Node, String> kept = new LinkedHashMap<>();

  private PrecisionPlan(Model model, Float16Converter.Options options) {
    this.model = model;
    this.options = options;
    this.shapes = ShapeArithmetic.of(model);
    this.detection = DetectionPostprocessing.of(model);
  }

  static PrecisionPlan of(Model model, Float16Converter.Options options) {
    PrecisionPlan plan = new PrecisionPlan(model, options);
    plan.walk(model.graph());
    return plan;
  }

  /** The ports that become half, or null when the node is not converted. */
  Ports ports(Node node) {
    return converted.get(node);
  }

  Map<Node, Ports> converted() {
    return converted;
  }

  /** Kept nodes with their reasons, in the order decided. */
  Map<Node, String> kept() {
    return kept;
  }

  /** Whether input {@code index} of {@code node} reads the half type after conversion. */
  boolean wantsHalf(Node node, int index) {
    Ports p = converted.get(node);
    return p != null && index < p.inputs().length && p.inputs()[index];
  }

  /**
   * The type {@code value} has after conversion when a node or the signature defines it: half for
   * a converted node's half port and for the main graph's float32 inputs (unless io types are
   * kept); otherwise its type now. Initializers and Constant outputs follow their consumers and are
   * reported here as they are.
   */
  DataType typeAfter(Value value) {
    DataType now = value.dataType().orElse(DataType.UNDEFINED);
    if (now != DataType.FLOAT) {
      return now;
    }
    Node p = value.producer();
    if (p != null) {
      Ports ports = converted.get(p);
      return ports != null && ports.outputs()[value.outputIndex()] ? options.target() : now;
    }
    if (value.isGraphInput() && value.graph() == model.graph() && !options.keepIoTypes()) {
      return options.target();
    }
    return now;
  }

  private void walk(Graph graph) {
    for (Node node : graph) {
      decide(node);
      for (Graph sub : node.subgraphs()) {
        walk(sub);
      }
    }
  }

  private void decide(Node node) {
    if (node.isDefaultDomain() && node.opType().equals("Constant")) {
      return;
    }
    if (!touchesFloat(node)) {
      return;
    }
    String reason = keepReason(node);
    if (reason == null) {
      Object ports = portsOf(node);
      if (ports instanceof Ports p) {
        if (any(p.inputs()) || any(p.outputs())) {
          converted.put(node, p);
        }
        return;
      }
      reason = (String) ports;
    }
    kept.put(node, reason);
  }

  private static boolean any(boolean[] flags) {
    for (boolean f : flags) {
      if (f) {
        return true;
      }
    }
    return false;
  }

  private boolean touchesFloat(Node node) {
    if (node.opType().equals("Cast") && castTarget(node) == DataType.FLOAT.code()) {
      return true;
    }
    for (Value v : node.inputs()) {
      if (v != null && v.dataType().orElse(null) == DataType.FLOAT) {
        return true;
      }
    }
    for (Value v : node.outputs()) {
      if (v != null && v.dataType().orElse(null) == DataType.FLOAT) {
        return true;
      }
    }
    return false;
  }

  /** Why {@code node} stays float32 whatever its schema allows, or null. */
  private String keepReason(Node node) {
    String op = node.opType();
    if (!node.isDefaultDomain()) {
      return "custom domain '" + node.domain() + "': its types are not known here";
    }
    if (!node.subgraphs().isEmpty()) {
      return "control flow: its subgraphs are converted inside, values crossing their boundary stay float32";
    }
    if (options.blockedOps().contains(op)) {
      return "blocked (--block-ops)";
    }
    boolean allowed = options.allowedOps().contains(op);
    String risk = Float16Converter.KEPT_BY_DEFAULT.get(op);
    if (risk != null && !allowed) {
      return risk;
    }
    if (QdqNodes.isQuantize(node) || QdqNodes.isDequantize(node)) {
      return "quantization: Q/DQ keep their float32 scales and the float32 side TensorRT fuses";
    }
    for (Value in : node.inputs()) {
      if (in != null && QdqNodes.isDequantize(in.producer())) {
        return "reads a DequantizeLinear: the quantized op stays float32 between its Q/DQ";
      }
    }
    if (!options.allowedOps().contains("NonMaxSuppression")) {
      Node nms = detection.computesSelectionInput(node);
      if (nms != null) {
        return "computes the boxes or scores NonMaxSuppression '" + nms.name()
            + "' selects from (detection post-processing stays float32)";
      }
      if (detection.postProcesses(node, v -> v.producer() != null && kept.containsKey(v.producer()))) {
        return "reads detection post-processing values and no converted value (converting it would only add Casts)";
      }
    }
    for (Value out : node.outputs()) {
      Double seen = out == null ? null : options.largeValues().get(out.name());
      if (seen != null && out.graph() == model.graph()) {
        return String.format(java.util.Locale.ROOT, "its output '%s' reached %.3g when run", out.name(), seen);
      }
    }
    for (Value in : node.inputs()) {
      Double seen = in == null ? null : options.largeValues().get(in.name());
      if (seen != null && in.graph() == model.graph()) {
        return String.format(java.util.Locale.ROOT, "reads '%s', which reached %.3g when run", in.name(), seen);
      }
    }
    if (shapes.computesShapes(node)) {
      return "computes shape values (float16 holds integers exactly only up to 2048)";
    }
    if (REDUCTIONS.contains(op) && !allowed) {
      Value x = node.inputs().isEmpty() ? null : node.input(0);
      if (x != null && x.producer() != null && kept.containsKey(x.producer())) {
        return "reduces a float32 value that a kept node computes";
      }
      long n = reducedElements(node);
      if (n < 0) {
        return "reduces an unknown number of elements (more than " + LARGE_REDUCTION
            + " accumulate out of float16's precision)";
      }
      if (n > LARGE_REDUCTION) {
        return "reduces " + n + " elements into each output (more than " + LARGE_REDUCTION
            + " accumulate out of float16's precision)";
      }
    }
    return null;
  }

  /**
   * The half ports of {@code node} ({@link Ports}), or the reason (a String) why its schema does
   * not let it compute in the half type.
   */
  private Object portsOf(Node node) {
    long opset = model.opsetImports().defaultVersion().orElse(0);
    Optional<OpSchema> found = registry.lookup(node, model.opsetImports());
    if (found.isEmpty()) {
      return "no schema of " + node.opType() + " at opset " + opset;
    }
    OpSchema schema = found.get();
    boolean[] inputs = new boolean[node.inputs().size()];
    boolean[] outputs = new boolean[node.outputs().size()];
    if (node.opType().equals("Cast")) {
      Value x = node.input(0);
      inputs[0] = x.dataType().orElse(null) == DataType.FLOAT && typeAfter(x) == options.target();
      outputs[0] = castTarget(node) == DataType.FLOAT.code();
      return allowsTarget(schema, "T2", opset) == null ? new Ports(inputs, outputs) : allowsTarget(schema, "T2", opset);
    }
    Set<String> params = new HashSet<>();
    for (int i = 0; i < inputs.length; i++) {
      String p = halfParam(node.input(i), schema.inputAt(i));
      if (p != null) {
        params.add(p);
      }
    }
    for (int i = 0; i < outputs.length; i++) {
      String p = halfParam(node.output(i), schema.outputAt(i));
      if (p != null) {
        params.add(p);
      }
    }
    if (params.isEmpty()) {
      return "its float32 ports have a fixed type in " + node.opType() + "-" + schema.sinceVersion();
    }
    Set<String> inputParams = new HashSet<>();
    schema.inputs().forEach(f -> inputParams.add(f.typeStr()));
    for (String p : params) {
      String refused = allowsTarget(schema, p, opset);
      if (refused != null) {
        return refused;
      }
      boolean attributeTyped = !inputParams.contains(p) && !node.opType().equals("ConstantOfShape");
      if (attributeTyped) {
        return "its output type is set by an attribute";
      }
    }
    for (int i = 0; i < inputs.length; i++) {
      Optional<FormalParameter> f = schema.inputAt(i);
      if (node.input(i) != null && f.isPresent() && params.contains(f.get().typeStr())) {
        if (node.input(i).dataType().orElse(null) != DataType.FLOAT) {
          return "the type of input '" + node.input(i).name() + "' was not inferred";
        }
        inputs[i] = true;
      }
    }
    for (int i = 0; i < outputs.length; i++) {
      Optional<FormalParameter> f = schema.outputAt(i);
      if (node.output(i) != null && !node.output(i).name().isEmpty() && f.isPresent() && params.contains(f.get().typeStr())) {
        if (node.output(i).dataType().orElse(null) != DataType.FLOAT) {
          return "the type of output '" + node.output(i).name() + "' was not inferred";
        }
        outputs[i] = true;
      }
    }
    if (node.opType().equals("ConstantOfShape") && !floatFill(node)) {
      return "its fill value is not a float32 tensor";
    }
    return new Ports(inputs, outputs);
  }

  /** The type parameter a float32 value binds to at this port, or null (not float32, or a fixed type). */
  private static String halfParam(Value v, Optional<FormalParameter> formal) {
    if (v == null || v.dataType().orElse(null) != DataType.FLOAT || formal.isEmpty()) {
      return null;
    }
    return formal.get().concreteType().isPresent() ? null : formal.get().typeStr();
  }

  /** Null when type parameter {@code param} of {@code schema} allows the target type, else why not. */
  private String allowsTarget(OpSchema schema, String param, long opset) {
    Optional<TypeConstraint> c = schema.typeConstraint(param);
    if (c.isEmpty()) {
      return "no type constraint " + param + " in " + schema.opId().opType() + "-" + schema.sinceVersion();
    }
    if (!c.get().allows(new TypeExpr.TensorOf(options.target()))) {
      return schema.opId().opType() + "-" + schema.sinceVersion() + " (opset " + opset + ") has no "
          + options.target().displayName() + " form";
    }
    return null;
  }

  private static long castTarget(Node node) {
    return node.intAttribute("to", -1);
  }

  private static boolean floatFill(Node node) {
    Optional<Attribute> a = node.attribute("value");
    return a.isPresent() && a.get() instanceof Attribute.TensorAttr t && t.value().dataType() == DataType.FLOAT;
  }

  /**
   * How many input elements each output element of a reduction sums, or -1 when not statically
   * known (unknown rank or dims, axes computed at run time or not integers, a count that overflows
   * a long).
   */
  private static long reducedElements(Node node) {
    Value x = node.input(0);
    Optional<Shape> shape = x.shape();
    if (shape.isEmpty()) {
      return -1;
    }
    List<Dim> dims = shape.get().dims();
    int rank = dims.size();
    long[] axes;
    Optional<Attribute> attr = node.attribute("axes");
    if (attr.isPresent() && attr.get() instanceof Attribute.IntsAttr ints) {
      axes = ints.value().stream().mapToLong(Long::longValue).toArray();
    } else if (node.inputs().size() > 1 && node.input(1) != null) {
      // NOTE: axes that are not an integer constant (a float tensor in a hostile model) count as
      // not statically known, as run-time axes do.
      Optional<long[]> constant = Constants.of(node.input(1)).flatMap(Tensor::longsIfInteger);
      if (constant.isEmpty()) {
        return -1;
      }
      axes = constant.get();
    } else {
      axes = null;
    }
    if (axes != null && axes.length == 0) {
      axes = node.intAttribute("noop_with_empty_axes", 0) != 0 ? new long[0] : null;
    }
    long n = 1;
    for (int i = 0; i < rank; i++) {
      boolean reduced = axes == null;
      if (axes != null) {
        for (long a : axes) {
          reduced |= (a < 0 ? a + rank : a) == i;
        }
      }
      if (reduced) {
        if (!(dims.get(i) instanceof Dim.Static s)) {
          return -1;
        }
        try {
          n = Math.multiplyExact(n, s.value());
        } catch (ArithmeticException overflow) {
          // NOTE: dims such as [4, 2^62] (a hostile declaration): more than a long counts.
          return -1;
        }
      }
    }
    return n;
  }
}
