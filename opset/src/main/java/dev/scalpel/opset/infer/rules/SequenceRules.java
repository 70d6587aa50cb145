package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.ValueType;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sequence operators. A sequence's type is the union of its elements' types ({@link TypeUnion}):
 * dims that differ between elements are fresh symbols.
 */
public final class SequenceRules {
  private SequenceRules() {}

  public static void register(InferenceRules.Builder b) {
    b.add("SequenceEmpty", 11, SequenceRules::sequenceEmpty);
    b.add("SequenceConstruct", 11, SequenceRules::sequenceConstruct);
    b.add("SequenceInsert", 11, SequenceRules::sequenceInsert);
    b.add("SequenceErase", 11, ctx -> ctx.inputType(0).ifPresent(t -> ctx.setOutputType(0, t)));
    b.add("SequenceAt", 11, ctx -> element(ctx, 0).ifPresent(t -> ctx.setOutputType(0, t)));
    b.add("SequenceLength", 11, ctx -> ctx.setOutput(0, DataType.INT64, SymShape.scalar()));
    b.add("SplitToSequence", 11, SequenceRules::splitToSequence);
    b.add("ConcatFromSequence", 11, SequenceRules::concatFromSequence);
    b.add("SequenceMap", 17, SequenceRules::sequenceMap);
  }

  /** The element type of sequence input {@code i}. */
  static Optional<ValueType> element(InferenceContext ctx, int i) {
    return ctx.inputType(i).filter(t -> t instanceof ValueType.SequenceType)
        .map(t -> ((ValueType.SequenceType) t).elementType());
  }

  private static ValueType sequenceOf(ValueType element) {
    return new ValueType.SequenceType(element, null);
  }

  static void sequenceEmpty(InferenceContext ctx) {
    DataType type = ctx.intAttribute("dtype").flatMap(c -> DataType.fromCode(c.intValue())).orElse(DataType.FLOAT);
    ctx.setOutputType(0, sequenceOf(new ValueType.TensorType(type, null)));
  }

  static void sequenceConstruct(InferenceContext ctx) {
    List<ValueType> types = new ArrayList<>();
    for (int i = 0; i < ctx.inputCount(); i++) {
      types.add(ctx.inputType(i).orElse(null));
    }
    ctx.setOutputType(0, sequenceOf(new TypeUnion(ctx, ctx.node().output(0).name()).of(types)));
  }

  static void sequenceInsert(InferenceContext ctx) {
    Optional<ValueType> element = element(ctx, 0);
    Optional<ValueType> tensor = ctx.inputType(1);
    if (element.isEmpty() || tensor.isEmpty()) {
      return;
    }
    ctx.setOutputType(0, sequenceOf(new TypeUnion(ctx, ctx.node().output(0).name()).of(element.get(), tensor.get())));
  }

  /**
   * Without {@code split}, one element per index along {@code axis} (that dim 1, or removed when
   * keepdims is 0); with equal split sizes, elements of that size; otherwise a fresh symbol.
   */
  static void splitToSequence(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    Optional<SymShape> shape = ctx.inputShape(0);
    if (type.isEmpty()) {
      return;
    }
    if (shape.isEmpty()) {
      ctx.setOutputType(0, sequenceOf(new ValueType.TensorType(type.get(), null)));
      return;
    }
    int rank = shape.get().rank();
    int axis = (int) ctx.intAttribute("axis", 0);
    axis = axis < 0 ? axis + rank : axis;
    if (axis < 0 || axis >= rank) {
      ctx.fail("axis " + ctx.intAttribute("axis", 0) + " out of range for rank " + rank);
      return;
    }
    SymShape out;
    if (!ctx.hasInput(1)) {
      out = ctx.intAttribute("keepdims", 1) == 0 ? removeDim(shape.get(), axis) : shape.get().withDim(axis, SymExpr.of(1));
    } else {
      SymExpr piece = splitSize(ctx, shape.get().dim(axis));
      out = shape.get().withDim(axis, piece != null ? piece : ctx.freshSymbol(ctx.node().output(0).name() + "_split"));
    }
    ctx.setOutputType(0, sequenceOf(new ValueType.TensorType(type.get(), out.toShape())));
  }

  /** The size of every piece when all are known to be equal, else null. */
  private static SymExpr splitSize(InferenceContext ctx, SymExpr total) {
    Optional<long[]> split = ctx.inputLongs(1);
    if (split.isEmpty() || split.get().length == 0) {
      return null;
    }
    long[] s = split.get();
    boolean scalar = ctx.inputRank(1).orElse(1) == 0;
    if (scalar) {
      // NOTE: the last piece is smaller unless the size divides the dim.
      boolean divides = total != null && total.isConstant() && total.constantValue() % s[0] == 0;
      return divides ? SymExpr.of(s[0]) : null;
    }
    for (long x : s) {
      if (x != s[0]) {
        return null;
      }
    }
    return SymExpr.of(s[0]);
  }

  /** Elements joined along {@code axis}, or stacked along a new axis when new_axis is 1. */
  static void concatFromSequence(InferenceContext ctx) {
    Optional<ValueType> element = element(ctx, 0);
    if (element.isEmpty() || !(element.get() instanceof ValueType.TensorType tt)) {
      return;
    }
    if (tt.shape() == null) {
      ctx.setOutput(0, tt.elementType(), null);
      return;
    }
    SymShape s = SymShape.of(tt.shape());
    boolean newAxis = ctx.intAttribute("new_axis", 0) == 1;
    int rank = s.rank() + (newAxis ? 1 : 0);
    int axis = (int) ctx.intAttribute("axis", 0);
    axis = axis < 0 ? axis + rank : axis;
    if (axis < 0 || axis >= rank) {
      ctx.fail("axis " + ctx.intAttribute("axis", 0) + " out of range for rank " + rank);
      return;
    }
    SymExpr joined = ctx.freshSymbol(ctx.node().output(0).name() + "_concat");
    List<SymExpr> dims = new ArrayList<>(s.dims());
    if (newAxis) {
      dims.add(axis, joined);
    } else {
      dims.set(axis, joined);
    }
    ctx.setOutput(0, tt.elementType(), SymShape.of(dims));
  }

  /** The body runs once per element; sequence inputs give it an element, others their value. */
  static void sequenceMap(InferenceContext ctx) {
    Optional<Graph> body = ctx.attribute("body").filter(a -> a instanceof Attribute.GraphAttr).map(Attribute::asGraph);
    if (body.isEmpty()) {
      ctx.fail("SequenceMap without a body");
      return;
    }
    List<ValueType> inputs = new ArrayList<>();
    for (int i = 0; i < ctx.inputCount(); i++) {
      Optional<ValueType> t = ctx.inputType(i);
      inputs.add(t.isPresent() && t.get() instanceof ValueType.SequenceType seq ? seq.elementType() : t.orElse(null));
    }
    List<ValueType> outputs = ctx.inferSubgraph(body.get(), inputs);
    for (int i = 0; i < ctx.outputCount() && i < outputs.size(); i++) {
      ctx.setOutputType(i, outputs.get(i) == null ? null : sequenceOf(outputs.get(i)));
    }
  }

  private static SymShape removeDim(SymShape s, int axis) {
    List<SymExpr> dims = new ArrayList<>(s.dims());
    dims.remove(axis);
    return SymShape.of(dims);
  }

}
