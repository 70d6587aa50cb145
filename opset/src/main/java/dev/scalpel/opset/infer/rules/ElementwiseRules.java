package dev.scalpel.opset.infer.rules;

import dev.scalpel.graph.DataType;
import dev.scalpel.opset.infer.Broadcasting;
import dev.scalpel.opset.infer.InferenceContext;
import dev.scalpel.opset.infer.InferenceRules;
import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.SymExpr;
import dev.scalpel.opset.infer.SymShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;

/**
 * Operators whose output has the shape of their (broadcast) inputs: unary math and activations,
 * binary arithmetic, comparisons and logic, Where, Cast and BitCast. Arithmetic on small tensors also
 * propagates values ({@link ValueArithmetic}), so shape computations (Shape → Mul → Reshape, or a
 * size cast to float for Range) stay exact.
 */
public final class ElementwiseRules {
  private ElementwiseRules() {}

  private static final String[] SAME_TYPE_UNARY = {
    "Abs", "Acos", "Acosh", "Asin", "Asinh", "Atan", "Atanh", "Ceil", "Cos", "Cosh", "Elu", "Erf",
    "Exp", "Floor", "HardSigmoid", "HardSwish", "Identity", "LeakyRelu", "Log", "Mish", "Neg",
    "Reciprocal", "Relu", "Round", "Selu", "Shrink", "Sigmoid", "Sign", "Sin", "Sinh", "Softplus",
    "Softsign", "Sqrt", "Tan", "Tanh", "ThresholdedRelu", "Celu", "Gelu", "BitwiseNot", "Not",
    "Softmax", "LogSoftmax", "Hardmax", "LpNormalization", "Clip", "Swish", "MeanVarianceNormalization",
    "LRN", "Trilu", "CumSum", "ReverseSequence", "Dropout"
  };

  private static final String[] SAME_TYPE_BROADCAST = {
    "Add", "Sub", "Mul", "Div", "Pow", "Mod", "BitShift", "BitwiseAnd", "BitwiseOr", "BitwiseXor",
    "And", "Or", "Xor", "Max", "Min", "Sum", "Mean"
  };

  private static final String[] BOOLEAN_RESULT = {
    "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual"
  };

  public static void register(InferenceRules.Builder b) {
    b.addAll(ElementwiseRules::unary, SAME_TYPE_UNARY);
    b.addAll(ctx -> broadcast(ctx, ctx.inputElementType(0)), SAME_TYPE_BROADCAST);
    b.addAll(ctx -> broadcast(ctx, Optional.of(DataType.BOOL)), BOOLEAN_RESULT);
    b.addAll(ElementwiseRules::predicate, "IsNaN", "IsInf");
    b.add("PRelu", 1, ElementwiseRules::unary);
    b.add("Where", 9, ElementwiseRules::where);
    b.add("Cast", 1, ElementwiseRules::cast);
    b.add("CastLike", 15, ElementwiseRules::castLike);
    b.add("CumProd", 26, ElementwiseRules::unary);
    b.add("BitCast", 26, ElementwiseRules::bitCast);
  }

  /** Output 0 like input 0; Dropout's mask (output 1) is a bool tensor of the same shape. */
  static void unary(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    SymShape shape = ctx.inputShape(0).orElse(null);
    type.ifPresent(t -> ctx.setOutput(0, t, shape));
    if (ctx.node().opType().equals("Dropout") && ctx.hasOutput(1)) {
      ctx.setOutput(1, DataType.BOOL, shape);
    }
    Optional<PartialValue> v = ctx.inputNumericValue(0);
    if (v.isPresent()) {
      ValueArithmetic.unary(ctx.node().opType(), v.get().floating())
          .ifPresent(op -> ctx.setOutputValue(0, ValueArithmetic.apply(v.get(), op)));
    }
  }

  static void predicate(InferenceContext ctx) {
    ctx.setOutput(0, DataType.BOOL, ctx.inputShape(0).orElse(null));
  }

  static void broadcast(InferenceContext ctx, Optional<DataType> resultType) {
    List<SymShape> shapes = new ArrayList<>();
    boolean allKnown = true;
    for (int i = 0; i < ctx.inputCount(); i++) {
      Optional<SymShape> s = ctx.inputShape(i);
      if (s.isPresent()) {
        shapes.add(s.get());
      } else if (ctx.hasInput(i)) {
        allKnown = false;
      }
    }
    SymShape shape = null;
    if (allKnown && !shapes.isEmpty()) {
      Optional<SymShape> b = Broadcasting.broadcast(shapes);
      if (b.isEmpty()) {
        ctx.fail("inputs of shapes " + shapes + " do not broadcast");
        return;
      }
      shape = b.get();
      ctx.requireBroadcastable(shapes);
    }
    if (resultType.isPresent()) {
      ctx.setOutput(0, resultType.get(), shape);
    }
    propagateArithmetic(ctx);
  }

  /** The values of an arithmetic result from its inputs' values, folded left over the inputs (Sum, Max...). */
  private static void propagateArithmetic(InferenceContext ctx) {
    List<PartialValue> values = new ArrayList<>();
    for (int i = 0; i < ctx.inputCount(); i++) {
      Optional<PartialValue> v = ctx.inputNumericValue(i);
      if (v.isEmpty()) {
        return;
      }
      values.add(v.get());
    }
    if (values.isEmpty()) {
      return;
    }
    boolean floating = values.stream().anyMatch(PartialValue::floating);
    Optional<BinaryOperator<SymExpr>> op = ValueArithmetic.binary(ctx.node().opType(), floating);
    if (op.isEmpty()) {
      return;
    }
    // NOTE: comparisons give a bool tensor, whose 0/1 values are integers.
    boolean floatingResult = floating && !ctx.node().opType().equals("Equal");
    Optional<PartialValue> result = Optional.of(values.get(0).as(floatingResult));
    for (int i = 1; i < values.size() && result.isPresent(); i++) {
      result = ValueArithmetic.apply(result.get(), values.get(i), op.get(), floatingResult);
    }
    result.ifPresent(v -> ctx.setOutputValue(0, v));
  }

  /** Element i of a value broadcast to n elements; null when unknown or not broadcastable. */
  private static SymExpr element(PartialValue v, int i, int n) {
    if (v.size() == 1) {
      return v.get(0);
    }
    return v.size() == n ? v.get(i) : null;
  }

  static void where(InferenceContext ctx) {
    broadcast(ctx, ctx.inputElementType(1).or(() -> ctx.inputElementType(2)));
    Optional<PartialValue> cond = ctx.inputValue(0);
    Optional<PartialValue> a = ctx.inputNumericValue(1);
    Optional<PartialValue> b = ctx.inputNumericValue(2);
    if (cond.isEmpty() || a.isEmpty() || b.isEmpty()) {
      return;
    }
    int n = Math.max(cond.get().size(), Math.max(a.get().size(), b.get().size()));
    List<SymExpr> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SymExpr c = element(cond.get(), i, n);
      SymExpr x = element(a.get(), i, n);
      SymExpr y = element(b.get(), i, n);
      out.add(c == null || !c.isConstant() ? null : c.constantValue() != 0 ? x : y);
    }
    ctx.setOutputValue(0, new PartialValue(out, cond.get().scalar() && a.get().scalar() && b.get().scalar(),
        a.get().floating() || b.get().floating()));
  }

  static void cast(InferenceContext ctx) {
    Optional<DataType> to = ctx.intAttribute("to").flatMap(code -> DataType.fromCode(code.intValue()));
    if (to.isEmpty()) {
      ctx.fail("Cast without a valid 'to' attribute");
      return;
    }
    ctx.setOutput(0, to.get(), ctx.inputShape(0).orElse(null));
    ctx.inputNumericValue(0).flatMap(v -> castValue(v, to.get())).ifPresent(v -> ctx.setOutputValue(0, v));
  }

  /**
   * The values of a Cast to {@code to}: integers stay integers (whole floating values too); to
   * FLOAT or DOUBLE they become floating values; to BOOL, known constants become 1 or 0.
   */
  private static Optional<PartialValue> castValue(PartialValue v, DataType to) {
    switch (to) {
      case INT64:
      case INT32:
        return Optional.of(v.as(false));
      case FLOAT:
      case DOUBLE:
        return Optional.of(v.as(true));
      case BOOL:
        // NOTE: a symbolic element may be zero or not: only constants are known as booleans.
        return Optional.of(ValueArithmetic.apply(v.as(false),
            x -> x.isConstant() ? SymExpr.of(x.constantValue() != 0 ? 1 : 0) : null));
      default:
        return Optional.empty();
    }
  }

  /** BitCast reinterprets the bits as {@code to}, of the same width: the shape stays. */
  static void bitCast(InferenceContext ctx) {
    Optional<DataType> to = ctx.intAttribute("to").flatMap(code -> DataType.fromCode(code.intValue()));
    if (to.isEmpty()) {
      ctx.fail("BitCast without a valid 'to' attribute");
      return;
    }
    ctx.setOutput(0, to.get(), ctx.inputShape(0).orElse(null));
  }

  static void castLike(InferenceContext ctx) {
    ctx.inputElementType(1).ifPresent(t -> ctx.setOutput(0, t, ctx.inputShape(0).orElse(null)));
  }
}
