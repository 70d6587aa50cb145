package dev.scalpel.opset.infer;

import dev.scalpel.graph.Constants;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.InvalidModelException;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.OpsetImports;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.traverse.TopologicalOrder;
import dev.scalpel.opset.OpId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Type and shape inference over a model: nodes in topological order, each through the {@link
 * InferenceRule} of its operator and opset version, subgraphs through the rules of their owners,
 * values of small integer tensors propagated alongside ({@link PartialValue}). Results are merged
 * into the values' types by {@link TypeRefiner}, which only refines. The model is changed in place.
 */
public final class ShapeInference {
  /** Tensors up to this many elements have their values tracked. */
  public static final int MAX_TRACKED_ELEMENTS = 1024;
  /** Function bodies calling functions nest at most this deep (a function calling itself stops). */
  static final int MAX_FUNCTION_DEPTH = 16;

  private ShapeInference() {}

  /**
   * What a run did and noticed.
   *
   * @param values what the run knew about the elements of small integer tensors, by value
   *     (identity); read-only, and valid only until the model is edited
   * @param requirements the conditions on dim sizes that operators of the main graph impose (see
   *     {@link DimRequirement}), each once, in the order met
   */
  public record Result(List<Finding> diagnostics, int valuesChanged, Set<String> operatorsWithoutRule,
      Map<Value, PartialValue> values, List<DimRequirement> requirements) {
    /** A result that knows nothing (no run). */
    public static final Result NONE = new Result(List.of(), 0, Set.of());

    public Result {
      diagnostics = List.copyOf(diagnostics);
      requirements = List.copyOf(requirements);
      operatorsWithoutRule = Collections.unmodifiableSet(new LinkedHashSet<>(operatorsWithoutRule));
      values = Collections.unmodifiableMap(new IdentityHashMap<>(values));
    }

    public Result(List<Finding> diagnostics, int valuesChanged, Set<String> operatorsWithoutRule) {
      this(diagnostics, valuesChanged, operatorsWithoutRule, Map.of(), List.of());
    }

    /** What the run knew about the elements of {@code v} (a small integer tensor), if anything. */
    public Optional<PartialValue> valueOf(Value v) {
      return Optional.ofNullable(values.get(v));
    }

    public long errorCount() {
      return diagnostics.stream().filter(d -> InferenceCheck.FAILED.matches(d)).count();
    }

    public long conflictCount() {
      return diagnostics.stream().filter(d -> InferenceCheck.CONFLICT.matches(d)).count();
    }
  }

  public static Result run(Model model) {
    return run(model, InferenceRules.standard());
  }

  /**
   * Infers types over {@code model} with {@code rules}, writing refined types into it.
   *
   * <p>NOTE: outside this module only the passes module's {@code Analyses} calls this, so that one
   * owner caches and counts every inference run (ModuleBoundariesTest enforces it).
   */
  public static Result run(Model model, InferenceRules rules) {
    Run run = new Run(model, rules);
    run.inferGraph(model.graph());
    return new Result(run.diagnostics, run.changed, run.missing, run.partials, new ArrayList<>(run.requirements));
  }

  static Optional<DataType> elementType(ValueType t) {
    if (t instanceof ValueType.TensorType tt && tt.elementType() != DataType.UNDEFINED) {
      return Optional.of(tt.elementType());
    }
    return Optional.empty();
  }

  /** The state of one inference run over a model. */
  static final class Run {
    private final Model model;
    private final InferenceRules rules;
    private final List<Finding> diagnostics = new ArrayList<>();
    private final Map<Value, PartialValue> partials = new IdentityHashMap<>();
    private final Set<String> symbols = new HashSet<>();
    private final Set<String> missing = new LinkedHashSet<>();
    private final Set<DimRequirement> requirements = new LinkedHashSet<>();
    /** How deep inside If/Loop/Scan bodies inference is; their requirements are not recorded. */
    private int subgraphDepth;
    private final FunctionBodies functionBodies;
    /** The opset imports of the function body being inferred, or null in the model's graphs. */
    private OpsetImports functionImports;
    private int functionDepth;
    private int changed;

    Run(Model model, InferenceRules rules) {
      this.model = model;
      this.rules = rules;
      this.functionBodies = new FunctionBodies(model);
      collectSymbols(model.graph());
    }

    private void collectSymbols(Graph g) {
      for (Graph sub : g.allGraphs()) {
        List<Value> values = new ArrayList<>(sub.inputs());
        values.addAll(sub.outputs());
        values.addAll(sub.valueInfos());
        for (Value v : values) {
          if (v.shape().isPresent() && v.shape().get() != null) {
            for (Dim d : v.shape().get().dims()) {
              if (d instanceof Dim.Symbolic s) {
                symbols.add(s.name());
              }
            }
          }
        }
      }
    }

    void inferGraph(Graph g) {
      List<Node> order;
      try {
        order = TopologicalOrder.of(g);
      } catch (InvalidModelException e) {
        report(InferenceCheck.FAILED.at("", "", "", e.getMessage()));
        return;
      }
      for (Node node : order) {
        inferNode(node);
      }
    }

    private void inferNode(Node node) {
      OpId op = OpId.of(node);
      OptionalLong version = opsetVersion(op.domain());
      Optional<InferenceRule> rule = version.isPresent() ? rules.lookup(op, version.getAsLong()) : Optional.empty();
      if (rule.isEmpty() && inferThroughFunction(node, version)) {
        return;
      }
      if (rule.isEmpty()) {
        missing.add(op.domain().isEmpty() ? op.opType() : op.domain() + "." + op.opType());
        report(InferenceCheck.NO_RULE.at("", node.describe(), "",
            "no inference rule for " + op + (version.isPresent() ? " at opset " + version.getAsLong() : " (domain not imported)")));
        return;
      }
      InferenceContext ctx = new InferenceContext(node, version.getAsLong(), this);
      try {
        rule.get().infer(ctx);
      } catch (RuntimeException e) {
        report(InferenceCheck.FAILED.at("", node.describe(), "",
            "inference rule failed: " + e));
        return;
      }
      for (int i = 0; i < node.outputs().size(); i++) {
        Value out = node.output(i);
        if (out.name().isEmpty()) {
          continue;
        }
        apply(node, out, ctx.outputType(i));
        PartialValue pv = ctx.outputValue(i);
        if (pv != null) {
          partials.put(out, pv);
        }
      }
    }

    private OptionalLong opsetVersion(String domain) {
      if (functionImports != null && functionImports.imports(domain)) {
        return functionImports.version(domain);
      }
      return model.opsetImports().version(domain);
    }

    /**
     * Infers a node without a rule of its own through the body of the function that defines its
     * operator (model-local, or the ONNX schema's), instantiated for this call.
     */
    private boolean inferThroughFunction(Node node, OptionalLong version) {
      if (functionDepth >= MAX_FUNCTION_DEPTH) {
        return false;
      }
      Optional<Function> call = functionBodies.instantiate(node,
          version.isPresent() ? Optional.of(version.getAsLong()) : Optional.empty());
      if (call.isEmpty()) {
        return false;
      }
      Graph body = call.get().body();
      for (int i = 0; i < body.inputs().size() && i < node.inputs().size(); i++) {
        Value formal = body.inputs().get(i);
        Value actual = node.input(i);
        if (actual != null) {
          apply(null, formal, actual.type());
          partialValue(actual).ifPresent(pv -> partials.put(formal, pv));
        }
      }
      OpsetImports outer = functionImports;
      functionImports = call.get().opsetImports();
      functionDepth++;
      try {
        inferGraph(body);
      } finally {
        functionDepth--;
        functionImports = outer;
      }
      for (int i = 0; i < node.outputs().size() && i < body.outputs().size(); i++) {
        Value out = node.output(i);
        if (!out.name().isEmpty()) {
          apply(node, out, body.outputs().get(i).type());
          PartialValue pv = partials.get(body.outputs().get(i));
          if (pv != null) {
            partials.put(out, pv);
          }
        }
      }
      return true;
    }

    private void apply(Node node, Value value, ValueType inferred) {
      TypeRefiner.Refinement r = TypeRefiner.refine(value.type(), inferred);
      if (r.conflict() != null) {
        report(InferenceCheck.CONFLICT.at("", node == null ? "" : node.describe(),
            value.name(), r.conflict()));
      }
      if (!java.util.Objects.equals(r.type(), value.type())) {
        value.setType(r.type());
        changed++;
      }
    }

    /** The constant {@code v} holds, as {@link Constants#of} reads it. */
    Optional<Tensor> constant(Value v) {
      return Constants.of(v);
    }

    Optional<PartialValue> partialValue(Value v) {
      PartialValue known = partials.get(v);
      if (known != null) {
        return Optional.of(known);
      }
      Optional<Tensor> c = constant(v);
      if (c.isEmpty()) {
        return Optional.empty();
      }
      Optional<PartialValue> pv = ConstantValues.of(c.get());
      pv.ifPresent(x -> partials.put(v, x));
      return pv;
    }

    SymExpr freshSymbol(String hint) {
      StringBuilder base = new StringBuilder();
      for (char ch : hint.toCharArray()) {
        base.append(Character.isLetterOrDigit(ch) || ch == '_' ? ch : '_');
      }
      if (base.length() == 0 || !Character.isLetter(base.charAt(0))) {
        base.insert(0, 'd');
      }
      String name = base.toString();
      for (int n = 0; !symbols.add(name); n++) {
        name = base + "_" + n;
      }
      return SymExpr.symbol(name);
    }

    void report(Finding d) {
      diagnostics.add(d);
    }

    /**
     * Records a requirement of {@code node} on {@code dims} (nulls, unknown dims, left out), unless
     * inference is inside a subgraph (a body that may not run) or it is trivial: fewer than two dims
     * to compare, only constants, or (for POSITIVE) a lone symbol, which is a size and so at least 1.
     */
    void require(Node node, DimRequirement.Kind kind, List<SymExpr> dims) {
      if (subgraphDepth > 0) {
        return;
      }
      List<SymExpr> known = new ArrayList<>();
      for (SymExpr d : dims) {
        // NOTE: a 1 broadcasts against anything, so it constrains nothing.
        boolean one = d != null && d.isConstant() && d.constantValue() == 1;
        if (d != null && !(one && kind == DimRequirement.Kind.BROADCASTABLE)) {
          known.add(d);
        }
      }
      if (known.isEmpty() || known.stream().allMatch(SymExpr::isConstant)) {
        return;
      }
      if (kind == DimRequirement.Kind.POSITIVE) {
        Set<String> used = known.get(0).symbols();
        if (used.size() == 1 && known.get(0).equals(SymExpr.symbol(used.iterator().next()))) {
          return;
        }
      } else if (known.size() < 2 || known.stream().distinct().count() < 2) {
        return;
      }
      requirements.add(new DimRequirement(kind, node.describe(), known));
    }

    /**
     * What {@link #inferSubgraph} would return, leaving the body as it was: types, values and
     * diagnostics of the trial are rolled back (a Loop tries its body before it knows which dims
     * its loop-carried values keep).
     */
    List<ValueType> probeSubgraph(Graph body, List<ValueType> inputTypes) {
      Map<Value, ValueType> saved = new IdentityHashMap<>();
      for (Graph g : body.allGraphs()) {
        g.inputs().forEach(v -> saved.put(v, v.type()));
        g.outputs().forEach(v -> saved.put(v, v.type()));
        for (Node n : g) {
          n.outputs().forEach(v -> saved.put(v, v.type()));
        }
      }
      int diagnosticCount = diagnostics.size();
      int changedBefore = changed;
      List<ValueType> out = inferSubgraph(body, inputTypes);
      saved.forEach((v, t) -> {
        v.setType(t);
        partials.remove(v);
      });
      diagnostics.subList(diagnosticCount, diagnostics.size()).clear();
      changed = changedBefore;
      return out;
    }

    List<ValueType> inferSubgraph(Graph body, List<ValueType> inputTypes) {
      for (int i = 0; i < body.inputs().size() && i < inputTypes.size(); i++) {
        apply(null, body.inputs().get(i), inputTypes.get(i));
      }
      subgraphDepth++;
      try {
        inferGraph(body);
      } finally {
        subgraphDepth--;
      }
      List<ValueType> out = new ArrayList<>();
      for (Value v : body.outputs()) {
        out.add(v.type());
      }
      return out;
    }
  }
}
