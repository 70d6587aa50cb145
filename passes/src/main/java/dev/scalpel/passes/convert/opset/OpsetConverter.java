package dev.scalpel.passes.convert.opset;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Function;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.OpsetImports;
import dev.scalpel.graph.Value;
import dev.scalpel.opset.AttributeSpec;
import dev.scalpel.opset.FormalParameter;
import dev.scalpel.opset.OpId;
import dev.scalpel.opset.OpSchema;
import dev.scalpel.opset.SchemaRegistry;
import dev.scalpel.opset.TypeConstraint;
import dev.scalpel.opset.TypeExpr;
import dev.scalpel.opset.lint.IrVersionTable;
import dev.scalpel.passes.Analyses;
import dev.scalpel.passes.ModelEdit;
import dev.scalpel.passes.convert.ConversionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts a model to another version of the default ONNX opset, up or down, as ONNX's version
 * converter does for the operators of real exports.
 *
 * <p>Each default-domain node (main graph, subgraphs, model-local function bodies) crosses, one at
 * a time, every version of its operator between the two opsets. At each version {@code v} the
 * node is carried from {@code OP-(v-1)} to {@code OP-v} (or back) by:
 * <ul>
 *   <li>the {@link OpAdapter} of that change when there is one ({@link Adapters}: axes that became
 *       inputs, Softmax's axis semantics, Resize's forms, Pad, Clip, Dropout, Upsample → Resize,
 *       LayerNormalization and Gelu expanded into primitives below their opsets, GroupNormalization's
 *       per-channel scale, ...);
 *   <li>otherwise by comparing the two schemas where the node uses them: every input and output it
 *       uses must bind to a parameter of the same name, every attribute it sets must exist (one
 *       that does not, set to its default, is dropped), every required attribute must be set.
 *       Versions that only widen types pass this way.
 * </ul>
 * At the end every node's known element types must be allowed by its schema at the target
 * (bfloat16 below 13, say, is refused). Operator changes whose meaning changed without a change of
 * signature are adapters, never passed by the comparison.
 *
 * <p>Invariants: the result imports the target opset (and at least the IR version that opset
 * came with); a conversion that is impossible throws {@link ConversionException} naming the node,
 * operator and version, and leaves the model as it was (the work is done on a copy, swapped in at
 * the end); other domains' nodes are not touched. Targets below {@link #OLDEST_TARGET} are
 * refused (the negative axes and broadcasting of opsets 7 to 10 are not adapted).
 */
public final class OpsetConverter implements ModelEdit<OpsetConverter.Result> {
  /** The oldest opset a model is converted to. */
  public static final long OLDEST_TARGET = 11;
  /** The oldest opset a model is converted from (broadcasting changed at 7). */
  public static final long OLDEST_SOURCE = 7;

  /**
   * What a conversion did.
   *
   * @param from the default-domain opset before
   * @param to the default-domain opset after
   * @param changes one line per rewritten node (operators whose change was only of types are not listed)
   */
  public record Result(long from, long to, List<String> changes) {
    public Result {
      changes = List.copyOf(changes);
    }
  }

  private final long target;
  private final SchemaRegistry registry = SchemaRegistry.standard();

  public OpsetConverter(long target) {
    this.target = target;
  }

  /** The newest default-domain opset this converter knows schemas of. */
  public static long newestOpset() {
    return SchemaRegistry.standard().newestOpset(OpsetImports.DEFAULT_DOMAIN).orElseThrow();
  }

  @Override
  public Result apply(Model model, Analyses analyses) {
    long from = model.opsetImports().defaultVersion()
        .orElseThrow(() -> new ConversionException("the model imports no default-domain opset"));
    long newest = newestOpset();
    if (target < OLDEST_TARGET || target > newest) {
      throw new ConversionException("opset " + target + " is outside what Scalpel converts to (" + OLDEST_TARGET + " to "
          + newest + ")");
    }
    if (from < OLDEST_SOURCE) {
      throw new ConversionException("opset " + from + " is older than Scalpel converts from (" + OLDEST_SOURCE + ")");
    }
    List<String> changes = new ArrayList<>();
    if (from == target) {
      return new Result(from, target, changes);
    }
    Model work = model.deepCopy();
    analyses.shapes(work);
    ConversionContext context = new ConversionContext(work, target, changes);
    for (Graph g : work.graph().allGraphs()) {
      convertGraph(g, from, context);
    }
    for (Function f : work.functions()) {
      long fromF = f.opsetImports().defaultVersion().orElse(from);
      for (Graph g : f.body().allGraphs()) {
        convertGraph(g, fromF, context);
      }
      f.opsetImports().set(OpsetImports.DEFAULT_DOMAIN, target);
    }
    // NOTE: swapped in only now: every refusal above left the caller's model untouched.
    model.setGraph(work.graph());
    model.functions().clear();
    model.functions().addAll(work.functions());
    model.opsetImports().set(OpsetImports.DEFAULT_DOMAIN, target);
    model.setIrVersion(Math.max(model.irVersion(), IrVersionTable.minimalIrVersion(target)));
    analyses.invalidate();
    return new Result(from, target, changes);
  }

  private void convertGraph(Graph g, long from, ConversionContext context) {
    for (Node node : new ArrayList<>(g.nodes())) {
      if (node.isDefaultDomain()) {
        Node last = convertNode(node, from, context);
        if (last != null) {
          checkTypes(last, context);
        }
      }
    }
  }

  /** Carries {@code node} from {@code from} to the target; returns the node that ends there, or null. */
  private Node convertNode(Node node, long from, ConversionContext context) {
    OpId op = OpId.of(node);
    List<OpSchema> versions = registry.versions(op);
    if (versions.isEmpty()) {
      throw new ConversionException(ConversionContext.describe(node) + ": no schema of " + node.opType()
          + " is known, so it cannot be converted");
    }
    boolean up = target > from;
    List<OpSchema> crossed = new ArrayList<>();
    for (OpSchema s : versions) {
      long v = s.sinceVersion();
      if (up ? v > from && v <= target : v > target && v <= from) {
        crossed.add(s);
      }
    }
    if (!up) {
      java.util.Collections.reverse(crossed);
    }
    Node current = node;
    for (OpSchema at : crossed) {
      long v = at.sinceVersion();
      context.setBoundary(v);
      OpAdapter adapter = Adapters.find(current.opType(), v);
      Optional<OpSchema> before = registry.lookup(op, v - 1);
      if (adapter != null) {
        Node next = up ? adapter.upgrade(current, context) : adapter.downgrade(current, context);
        if (next == null) {
          return null;
        }
        if (!next.opType().equals(current.opType())) {
          return convertNode(next, v, context);
        }
        current = next;
        continue;
      }
      if (before.isEmpty()) {
        if (up) {
          continue;
        }
        throw context.refuse(current, node.opType() + " does not exist before opset " + v + " and has no expansion");
      }
      if (at.deprecated() && up) {
        throw context.refuse(current, node.opType() + " is deprecated at opset " + v + " and has no replacement here");
      }
      compareUse(current, up ? before.get() : at, up ? at : before.get(), context);
    }
    return current;
  }

  /**
   * Checks that {@code node}, valid under {@code source}, is valid and means the same under
   * {@code dest} as far as the two signatures tell; drops attributes that no longer exist when
   * they hold their old default.
   */
  private static void compareUse(Node node, OpSchema source, OpSchema dest, ConversionContext context) {
    for (int i = 0; i < node.inputs().size(); i++) {
      if (!ConversionContext.given(node, i)) {
        continue;
      }
      Optional<FormalParameter> s = source.inputAt(i);
      Optional<FormalParameter> d = dest.inputAt(i);
      if (d.isEmpty() || s.isEmpty() || !d.get().name().equals(s.get().name())) {
        throw context.refuse(node, "its input " + i + " ('" + node.input(i).name() + "') has no counterpart in "
            + dest.opId().opType() + "-" + dest.sinceVersion());
      }
    }
    int present = 0;
    for (int i = 0; i < node.inputs().size(); i++) {
      if (ConversionContext.given(node, i)) {
        present = i + 1;
      }
    }
    if (present < dest.minInput()) {
      throw context.refuse(node, dest.opId().opType() + "-" + dest.sinceVersion() + " needs " + dest.minInput() + " inputs");
    }
    for (int i = 0; i < node.outputs().size(); i++) {
      Value out = node.output(i);
      if (out == null || out.name().isEmpty() || (!out.isUsed() && i > 0)) {
        continue;
      }
      Optional<FormalParameter> s = source.outputAt(i);
      Optional<FormalParameter> d = dest.outputAt(i);
      if (d.isEmpty() || s.isEmpty() || !d.get().name().equals(s.get().name())) {
        throw context.refuse(node, "its output " + i + " ('" + out.name() + "') has no counterpart in "
            + dest.opId().opType() + "-" + dest.sinceVersion());
      }
    }
    for (Attribute a : new ArrayList<>(node.attributes().values())) {
      Optional<AttributeSpec> d = dest.attribute(a.name());
      if (d.isPresent()) {
        continue;
      }
      Optional<AttributeSpec> s = source.attribute(a.name());
      if (s.isPresent() && s.get().defaultValue().isPresent() && sameValue(s.get().defaultValue().get(), a)) {
        node.removeAttribute(a.name());
        continue;
      }
      throw context.refuse(node, "attribute '" + a.name() + "' does not exist in " + dest.opId().opType() + "-"
          + dest.sinceVersion());
    }
    for (AttributeSpec spec : dest.attributes().values()) {
      if (spec.required() && node.attribute(spec.name()).isEmpty()) {
        throw context.refuse(node, dest.opId().opType() + "-" + dest.sinceVersion() + " requires attribute '"
            + spec.name() + "'");
      }
    }
  }

  private static boolean sameValue(Attribute defaultValue, Attribute set) {
    if (defaultValue instanceof Attribute.IntAttr d && set instanceof Attribute.IntAttr s) {
      return d.value() == s.value();
    }
    if (defaultValue instanceof Attribute.FloatAttr d && set instanceof Attribute.FloatAttr s) {
      return d.value() == s.value();
    }
    if (defaultValue instanceof Attribute.StringAttr d && set instanceof Attribute.StringAttr s) {
      return d.value().equals(s.value());
    }
    return false;
  }

  /** Every known element type of {@code node} must be allowed, and equal per parameter, at the target. */
  private void checkTypes(Node node, ConversionContext context) {
    Optional<OpSchema> found = registry.lookup(OpId.of(node), target);
    if (found.isEmpty()) {
      throw new ConversionException(ConversionContext.describe(node) + ": " + node.opType() + " does not exist at opset " + target);
    }
    OpSchema schema = found.get();
    Map<String, DataType> bound = new HashMap<>();
    for (int i = 0; i < node.inputs().size(); i++) {
      if (ConversionContext.given(node, i)) {
        checkType(node, node.input(i), schema.inputAt(i), schema, bound, context);
      }
    }
    for (int i = 0; i < node.outputs().size(); i++) {
      Value out = node.output(i);
      if (out != null && !out.name().isEmpty()) {
        checkType(node, out, schema.outputAt(i), schema, bound, context);
      }
    }
  }

  private void checkType(Node node, Value v, Optional<FormalParameter> formal, OpSchema schema, Map<String, DataType> bound,
      ConversionContext context) {
    Optional<DataType> type = v.dataType();
    if (formal.isEmpty() || type.isEmpty() || !(v.type() instanceof dev.scalpel.graph.ValueType.TensorType)) {
      return;
    }
    String param = formal.get().typeStr();
    Optional<TypeConstraint> c = schema.typeConstraint(param);
    boolean allowed = c.isPresent()
        ? c.get().allows(new TypeExpr.TensorOf(type.get()))
        : formal.get().concreteType().map(t -> t.equals(new TypeExpr.TensorOf(type.get()))).orElse(true);
    if (!allowed) {
      throw new ConversionException(ConversionContext.describe(node) + ": " + node.opType() + "-" + schema.sinceVersion()
          + " (opset " + target + ") has no " + type.get().displayName() + " form for '" + v.name() + "'");
    }
    if (c.isPresent() && !formal.get().isVariadic() || c.isPresent() && formal.get().homogeneous()) {
      DataType other = bound.putIfAbsent(param, type.get());
      if (other != null && other != type.get()) {
        throw new ConversionException(ConversionContext.describe(node) + ": " + node.opType() + "-" + schema.sinceVersion()
            + " (opset " + target + ") needs one type for " + param + ", got " + other.displayName() + " and "
            + type.get().displayName());
      }
    }
  }
}
