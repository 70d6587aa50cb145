package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * If, Loop and Scan: their bodies are inferred as subgraphs with the types the operator gives
 * their inputs, and their outputs follow from the bodies' outputs.
 */
public final class ControlFlowRules {
  private ControlFlowRules() {}

  private static final ValueType INT64_SCALAR = new ValueType.TensorType(DataType.INT64, Shape.scalar());
  private static final ValueType BOOL_SCALAR = new ValueType.TensorType(DataType.BOOL, Shape.scalar());

  public static void register(InferenceRules.Builder b) {
    b.add("If", 1, ControlFlowRules::ifRule);
    b.add("Loop", 1, ControlFlowRules::loop);
    b.add("Scan", 8, ControlFlowRules::scan8);
    b.add("Scan", 9, ControlFlowRules::scan);
  }

  /** Both branches are inferred; the outputs are the union of their types, or the taken branch's. */
  static void ifRule(InferenceContext ctx) {
    Optional<Graph> thenBranch = graph(ctx, "then_branch");
    Optional<Graph> elseBranch = graph(ctx, "else_branch");
    if (thenBranch.isEmpty() || elseBranch.isEmpty()) {
      ctx.fail("If without then_branch and else_branch");
      return;
    }
    List<ValueType> thenTypes = ctx.inferSubgraph(thenBranch.get(), List.of());
    List<ValueType> elseTypes = ctx.inferSubgraph(elseBranch.get(), List.of());
    if (thenTypes.size() != elseTypes.size()) {
      ctx.fail("then_branch has " + thenTypes.size() + " outputs, else_branch " + elseTypes.size());
      return;
    }
    Optional<Boolean> cond = constantBool(ctx, 0);
    for (int i = 0; i < ctx.outputCount() && i < thenTypes.size(); i++) {
      ValueType t;
      if (cond.isPresent()) {
        t = cond.get() ? thenTypes.get(i) : elseTypes.get(i);
      } else {
        t = union(ctx, i).of(thenTypes.get(i), elseTypes.get(i));
      }
      ctx.setOutputType(i, t);
    }
  }

  /**
   * Loop: the body is tried with the initial loop-carried types; dims the body changes become
   * fresh symbols, and the body is then inferred for good. Scan outputs gain a leading dim: the
   * trip count when it is a known constant and no condition can stop the loop early, else a
   * fresh symbol.
   */
  static void loop(InferenceContext ctx) {
    Optional<Graph> body = graph(ctx, "body");
    if (body.isEmpty()) {
      ctx.fail("Loop without a body");
      return;
    }
    List<ValueType> initial = new ArrayList<>();
    for (int i = 2; i < ctx.inputCount(); i++) {
      initial.add(ctx.inputType(i).orElse(null));
    }
    List<ValueType> fixed = List.of(INT64_SCALAR, BOOL_SCALAR);
    List<ValueType> bodyOut = inferCarried(ctx, body.get(), fixed, initial, List.of(), 1);
    SymExpr iterations = null;
    if (!ctx.hasInput(1) || (constantBool(ctx, 1).orElse(false) && conditionPassesThrough(body.get()))) {
      iterations = ctx.inputLongs(0).filter(v -> v.length == 1).map(v -> SymExpr.of(v[0])).orElse(null);
    }
    int n = initial.size();
    for (int i = 0; i < ctx.outputCount(); i++) {
      if (i < n) {
        ctx.setOutputType(i, bodyOut.get(i));
      } else if (1 + i < body.get().outputs().size()) {
        ValueType each = body.get().outputs().get(1 + i).type();
        SymExpr count = iterations != null ? iterations : ctx.freshSymbol(outputName(ctx, i) + "_iterations");
        ctx.setOutputType(i, stacked(each, 0, count));
      }
    }
  }

  /**
   * Whether the body hands its condition input on unchanged (directly or through Identity), so a
   * loop started with a true condition runs its full trip count.
   */
  private static boolean conditionPassesThrough(Graph body) {
    if (body.inputs().size() < 2 || body.outputs().isEmpty()) {
      return false;
    }
    Value condIn = body.inputs().get(1);
    Value condOut = body.outputs().get(0);
    if (condOut == condIn) {
      return true;
    }
    Node producer = condOut.producer();
    return producer != null && producer.opType().equals("Identity") && producer.isDefaultDomain()
        && !producer.inputs().isEmpty() && producer.input(0) == condIn;
  }

  /**
   * Infers {@code body} whose inputs are {@code fixed}, the loop-carried {@code initial} types,
   * then {@code elements} (Scan's slices), and whose outputs from {@code firstCarriedOutput} on are the carried values' next
   * types. Returns the carried values' types after any number of iterations (zero included).
   */
  private static List<ValueType> inferCarried(InferenceContext ctx, Graph body, List<ValueType> fixed,
      List<ValueType> initial, List<ValueType> elements, int firstCarriedOutput) {
    List<ValueType> inputs = new ArrayList<>(fixed);
    inputs.addAll(initial);
    inputs.addAll(elements);
    List<ValueType> trial = ctx.probeSubgraph(body, inputs);
    List<ValueType> carried = new ArrayList<>();
    for (int i = 0; i < initial.size(); i++) {
      ValueType next = firstCarriedOutput + i < trial.size() ? trial.get(firstCarriedOutput + i) : null;
      ValueType init = initial.get(i);
      carried.add(init != null && init.equals(next) ? init : union(ctx, i).of(init, next));
    }
    inputs = new ArrayList<>(fixed);
    inputs.addAll(carried);
    inputs.addAll(elements);
    List<ValueType> out = ctx.inferSubgraph(body, inputs);
    List<ValueType> result = new ArrayList<>();
    for (int i = 0; i < carried.size(); i++) {
      ValueType next = firstCarriedOutput + i < out.size() ? out.get(firstCarriedOutput + i) : null;
      ValueType c = carried.get(i);
      result.add(c != null && c.equals(next) ? c : union(ctx, i).of(c, next));
    }
    return result;
  }

  /** Scan from opset 9: no batch axis; scan axes and directions per input and output. */
  static void scan(InferenceContext ctx) {
    Optional<Graph> body = graph(ctx, "body");
    Optional<Long> m = ctx.intAttribute("num_scan_inputs");
    if (body.isEmpty() || m.isEmpty()) {
      ctx.fail("Scan without body or num_scan_inputs");
      return;
    }
    int scans = m.get().intValue();
    int states = ctx.inputCount() - scans;
    List<Long> inAxes = ctx.intsAttribute("scan_input_axes").orElse(Collections.nCopies(scans, 0L));
    List<Long> outAxes = ctx.intsAttribute("scan_output_axes").orElse(List.of());
    List<ValueType> stateTypes = new ArrayList<>();
    for (int i = 0; i < states; i++) {
      stateTypes.add(ctx.inputType(i).orElse(null));
    }
    List<ValueType> elementTypes = new ArrayList<>();
    SymExpr length = null;
    for (int j = 0; j < scans; j++) {
      ValueType t = ctx.inputType(states + j).orElse(null);
      Optional<SymShape> s = ctx.inputShape(states + j);
      int axis = j < inAxes.size() ? inAxes.get(j).intValue() : 0;
      if (s.isPresent()) {
        int a = axis < 0 ? axis + s.get().rank() : axis;
        if (length == null && a >= 0 && a < s.get().rank()) {
          length = s.get().dim(a);
        }
      }
      elementTypes.add(sliced(t, axis));
    }
    if (length == null) {
      length = ctx.freshSymbol(outputName(ctx, 0) + "_scan_length");
    }
    List<ValueType> finals = inferCarried(ctx, body.get(), List.of(), stateTypes, elementTypes, 0);
    for (int i = 0; i < ctx.outputCount(); i++) {
      if (i < states) {
        ctx.setOutputType(i, finals.get(i));
      } else if (i < body.get().outputs().size()) {
        int k = i - states;
        int axis = k < outAxes.size() ? outAxes.get(k).intValue() : 0;
        ctx.setOutputType(i, stacked(body.get().outputs().get(i).type(), axis, length));
      }
    }
  }

  /** Scan-8: inputs and outputs carry a leading batch axis; scan inputs scan along axis 1. */
  static void scan8(InferenceContext ctx) {
    Optional<Graph> body = graph(ctx, "body");
    Optional<Long> m = ctx.intAttribute("num_scan_inputs");
    if (body.isEmpty() || m.isEmpty()) {
      ctx.fail("Scan without body or num_scan_inputs");
      return;
    }
    int scans = m.get().intValue();
    int states = ctx.inputCount() - 1 - scans;
    SymExpr batch = null;
    SymExpr length = null;
    List<ValueType> stateTypes = new ArrayList<>();
    for (int i = 0; i < states; i++) {
      stateTypes.add(sliced(ctx.inputType(1 + i).orElse(null), 0));
      batch = batch != null ? batch : ctx.inputShape(1 + i).filter(s -> s.rank() > 0).map(s -> s.dim(0)).orElse(null);
    }
    List<ValueType> elementTypes = new ArrayList<>();
    for (int j = 0; j < scans; j++) {
      Optional<SymShape> s = ctx.inputShape(1 + states + j);
      elementTypes.add(sliced(sliced(ctx.inputType(1 + states + j).orElse(null), 0), 0));
      if (s.isPresent() && s.get().rank() >= 2) {
        batch = batch != null ? batch : s.get().dim(0);
        length = length != null ? length : s.get().dim(1);
      }
    }
    batch = batch != null ? batch : ctx.freshSymbol(outputName(ctx, 0) + "_batch");
    length = length != null ? length : ctx.freshSymbol(outputName(ctx, 0) + "_scan_length");
    List<ValueType> finals = inferCarried(ctx, body.get(), List.of(), stateTypes, elementTypes, 0);
    for (int i = 0; i < ctx.outputCount(); i++) {
      if (i < states) {
        ctx.setOutputType(i, stacked(finals.get(i), 0, batch));
      } else if (i < body.get().outputs().size()) {
        ctx.setOutputType(i, stacked(stacked(body.get().outputs().get(i).type(), 0, length), 0, batch));
      }
    }
  }

  /** {@code t} with dim {@code axis} removed (one slice along it); null stays null. */
  private static ValueType sliced(ValueType t, int axis) {
    if (!(t instanceof ValueType.TensorType tt) || tt.shape() == null) {
      return t instanceof ValueType.TensorType tt2 ? new ValueType.TensorType(tt2.elementType(), null) : t;
    }
    int rank = tt.shape().rank();
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      return new ValueType.TensorType(tt.elementType(), null);
    }
    List<dev.scalpel.graph.Dim> dims = new ArrayList<>(tt.shape().dims());
    dims.remove(a);
    return new ValueType.TensorType(tt.elementType(), Shape.of(dims));
  }

  /** {@code t} with {@code count} inserted as dim {@code axis} (negative: from the end). */
  private static ValueType stacked(ValueType t, int axis, SymExpr count) {
    if (!(t instanceof ValueType.TensorType tt)) {
      return null;
    }
    if (tt.shape() == null) {
      return new ValueType.TensorType(tt.elementType(), null);
    }
    int rank = tt.shape().rank() + 1;
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      return new ValueType.TensorType(tt.elementType(), null);
    }
    List<dev.scalpel.graph.Dim> dims = new ArrayList<>(tt.shape().dims());
    dims.add(a, count.toDim());
    return new ValueType.TensorType(tt.elementType(), Shape.of(dims));
  }

  private static Optional<Graph> graph(InferenceContext ctx, String name) {
    return ctx.attribute(name).filter(a -> a instanceof Attribute.GraphAttr).map(Attribute::asGraph);
  }

  /** The value of a constant boolean (or integer) scalar input. */
  static Optional<Boolean> constantBool(InferenceContext ctx, int i) {
    Optional<Tensor> t = ctx.inputConstant(i);
    if (t.isPresent() && t.get().elementCount() == 1 && t.get().dataType() == DataType.BOOL) {
      return Optional.of(t.get().data().get(0) != 0);
    }
    return ctx.inputLongs(i).filter(v -> v.length == 1).map(v -> v[0] != 0);
  }

  private static String outputName(InferenceContext ctx, int i) {
    return i < ctx.outputCount() ? ctx.node().output(i).name() : ctx.node().opType();
  }

  private static TypeUnion union(InferenceContext ctx, int output) {
    return new TypeUnion(ctx, outputName(ctx, output));
  }
}
