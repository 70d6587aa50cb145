package dev.scalpel.passes.trt;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Usage;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.opset.FormalParameter;
import dev.scalpel.opset.OpSchema;
import dev.scalpel.opset.SchemaRegistry;
import dev.scalpel.opset.TypeConstraint;
import dev.scalpel.opset.TypeExpr;
import dev.scalpel.opset.lint.trt.Int32Range;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ModelEdit;
import dev.scalpel.passes.ModelPass;
import dev.scalpel.passes.PassContext;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stores INT64 initializers as INT32 where that cannot change the model: the values fit INT32
 * (or are Slice bounds, which clamp to INT32 without a change of meaning), and every consumer's
 * schema lets that input be INT32 on its own. An input bound to a type parameter that no output
 * shares qualifies when every other input bound to the same parameter is narrowed too (Slice's
 * starts, ends, axes and steps go together); an input of a fixed {@code tensor(int64)} type
 * (Reshape's shape, Expand's shape, Pad's pads...) never does.
 *
 * <p>What TensorRT 8.6 would do itself with a warning (reference A.3), done up front. Graph
 * inputs, graph outputs and values read inside subgraphs are left alone.
 *
 * <p>An edit (applied on purpose, returning how many initializers it narrowed). Unlike the other
 * edits it is also idempotent: a second application finds no INT64 initializer that qualifies
 * (narrowing never changes an output's type, so no new candidate appears, and a group narrows
 * together or not at all). That is why {@code trt --fix}'s pipeline may run it as the pass {@link
 * NarrowInt64Initializers.AsPass}, which the pass contract tests.
 */
public final class NarrowInt64Initializers implements ModelEdit<Integer> {
  /** The narrowing as an idempotent pass, for the TensorRT repair pipeline ({@link dev.scalpel.passes.Pipelines}, {@code trt --fix}). */
  public static final class AsPass implements ModelPass {
    private final NarrowInt64Initializers edit;

    public AsPass() {
      this(new NarrowInt64Initializers());
    }

    public AsPass(NarrowInt64Initializers edit) {
      this.edit = edit;
    }

    @Override
    public String id() {
      return "narrow-int64-initializers";
    }

    @Override
    public void run(Model model, PassContext context) {
      int narrowed = edit.apply(model, context.analyses());
      if (narrowed > 0) {
        context.report("stored " + narrowed + " INT64 initializer(s) as INT32");
      }
    }
  }

  private static final TypeExpr INT32 = TypeExpr.parse("tensor(int32)");
  private static final long MAX_ELEMENTS = 1 << 20;

  private final SchemaRegistry schemas;

  public NarrowInt64Initializers() {
    this(SchemaRegistry.standard());
  }

  public NarrowInt64Initializers(SchemaRegistry schemas) {
    this.schemas = schemas;
  }

  /** Narrows what qualifies in place; returns how many initializers it narrowed. */
  @Override
  public Integer apply(Model model, Analyses analyses) {
    Graph g = model.graph();
    Set<Value> candidates = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Value v : g.initializers()) {
      if (qualifiesAlone(g, v)) {
        candidates.add(v);
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Value v : new LinkedHashSet<>(candidates)) {
        if (!v.uses().stream().allMatch(u -> accepts(model, u, candidates))) {
          candidates.remove(v);
          changed = true;
        }
      }
    }
    for (Value v : g.initializers()) {
      if (candidates.contains(v)) {
        narrow(v);
      }
    }
    return candidates.size();
  }

  private static boolean qualifiesAlone(Graph g, Value v) {
    Optional<Tensor> t = v.initializer();
    if (t.isEmpty() || t.get().dataType() != DataType.INT64 || t.get().elementCount() > MAX_ELEMENTS
        || v.isGraphInput() || v.isGraphOutput() || v.uses().isEmpty()) {
      return false;
    }
    for (Usage u : v.uses()) {
      if (u.node().graph() != g) {
        return false;
      }
    }
    return Int32Range.fits(t.get()) || Int32Range.onlySliceBounds(v);
  }

  /** Whether {@code use}'s input may be INT32, given that the values in {@code narrowed} will be. */
  private boolean accepts(Model model, Usage use, Set<Value> narrowed) {
    Node node = use.node();
    Optional<OpSchema> schema = schemas.lookup(node, model.opsetImports());
    if (schema.isEmpty()) {
      return false;
    }
    Optional<FormalParameter> param = schema.get().inputAt(use.inputIndex());
    if (param.isEmpty() || param.get().isVariadic()) {
      return false;
    }
    String bound = param.get().typeStr();
    Optional<TypeConstraint> constraint = schema.get().typeConstraint(bound);
    if (constraint.isEmpty() || !constraint.get().allows(INT32)) {
      return false;
    }
    for (int i = 0; i < node.outputs().size(); i++) {
      Optional<FormalParameter> out = schema.get().outputAt(i);
      if (out.isEmpty() || out.get().typeStr().equals(bound)) {
        return false;
      }
    }
    for (int i = 0; i < node.inputs().size(); i++) {
      Value other = node.input(i);
      if (other == null || i == use.inputIndex()) {
        continue;
      }
      Optional<FormalParameter> p = schema.get().inputAt(i);
      if (p.isEmpty() || (p.get().typeStr().equals(bound) && !narrowed.contains(other))) {
        return false;
      }
    }
    return true;
  }

  private static void narrow(Value v) {
    Tensor t = v.initializer().orElseThrow();
    long[] values = t.toLongArray();
    int[] narrow = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      narrow[i] = (int) Int32Range.clamp(values[i]);
    }
    v.setInitializer(DenseTensor.ofInts(t.name(), t.dims(), narrow));
    v.setType(ValueType.tensor(DataType.INT32, t.shape()));
  }
}
