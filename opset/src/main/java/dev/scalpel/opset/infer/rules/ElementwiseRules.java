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
 * binary arithmetic, comparisons and logic, Where, Cast. Integer arithmetic on small tensors also
 * propagates values, so shape computations (Shape → Mul → Reshape) stay exact.
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
  }

  /** Output 0 like input 0; Dropout's mask (output 1) is a bool tensor of the same shape. */
  static void unary(InferenceContext ctx) {
    Optional<DataType> type = ctx.inputElementType(0);
    SymShape shape = ctx.inputShape(0).orElse(null);
    type.ifPresent(t -> ctx.setOutput(0, t, shape));
    if (ctx.node().opType().equals("Dropout") && ctx.hasOutput(1)) {
      ctx.setOutput(1, DataType.BOOL, shape);
    }
    if (ctx.node().opType().equals("Identity")) {
      ctx.inputValue(0).ifPresent(v -> ctx.setOutputValue(0, v));
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
    }
    if (resultType.isPresent()) {
      ctx.setOutput(0, resultType.get(), shape);
    }
    propagateArithmetic(ctx);
  }

  private static void propagateArithmetic(InferenceContext ctx) {
    BinaryOperator<SymExpr> op;
    switch (ctx.node().opType()) {
      case "Add":
        op = SymExpr::plus;
        break;
      case "Sub":
        op = SymExpr::minus;
        break;
      case "Mul":
        op = SymExpr::times;
        break;
      case "Div":
        op = ElementwiseRules::divide;
        break;
      case "Equal":
        op = ElementwiseRules::equal;
        break;
      default:
        return;
    }
    Optional<PartialValue> a = ctx.inputValue(0);
    Optional<PartialValue> b = ctx.inputValue(1);
    if (a.isEmpty() || b.isEmpty()) {
      return;
    }
    elementwise(a.get(), b.get(), op).ifPresent(v -> ctx.setOutputValue(0, v));
  }

  /** Integer division as ONNX defines it for integers: truncation toward zero. */
  private static SymExpr divide(SymExpr a, SymExpr b) {
    if (a.isConstant() && b.isConstant()) {
      return b.constantValue() == 0 ? null : SymExpr.of(a.constantValue() / b.constantValue());
    }
    // NOTE: sizes are never negative, where truncation and floor agree.
    return a.floorDiv(b);
  }

  /** Element i of a value broadcast to n elements; null when unknown or not broadcastable. */
  private static SymExpr element(PartialValue v, int i, int n) {
    if (v.size() == 1) {
      return v.get(0);
    }
    return v.size() == n ? v.get(i) : null;
  }

  /** 1 or 0 (a bool value) when the two are known to be equal or to differ; null otherwise. */
  private static SymExpr equal(SymExpr a, SymExpr b) {
    SymExpr diff = a.minus(b);
    return diff.isConstant() ? SymExpr.of(diff.constantValue() == 0 ? 1 : 0) : null;
  }

  /** Applies {@code op} element by element, broadcasting a one-element side. */
  static Optional<PartialValue> elementwise(PartialValue a, PartialValue b, BinaryOperator<SymExpr> op) {
    int n = Math.max(a.size(), b.size());
    if ((a.size() != n && a.size() != 1) || (b.size() != n && b.size() != 1)) {
      return Optional.empty();
    }
    List<SymExpr> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SymExpr x = a.get(a.size() == 1 ? 0 : i);
      SymExpr y = b.get(b.size() == 1 ? 0 : i);
      SymExpr r = null;
      if (x != null && y != null) {
        try {
          r = op.apply(x, y);
        } catch (ArithmeticException e) {
          r = null;
        }
      }
      out.add(r);
    }
    return Optional.of(new PartialValue(out, a.scalar() && b.scalar()));
  }

  static void where(InferenceContext ctx) {
    broadcast(ctx, ctx.inputElementType(1).or(() -> ctx.inputElementType(2)));
    Optional<PartialValue> cond = ctx.inputValue(0);
    Optional<PartialValue> a = ctx.inputValue(1);
    Optional<PartialValue> b = ctx.inputValue(2);
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
    ctx.setOutputValue(0, new PartialValue(out, cond.get().scalar() && a.get().scalar() && b.get().scalar()));
  }

  static void cast(InferenceContext ctx) {
    Optional<DataType> to = ctx.intAttribute("to").flatMap(code -> DataType.fromCode(code.intValue()));
    if (to.isEmpty()) {
      ctx.fail("Cast without a valid 'to' attribute");
      return;
    }
    ctx.setOutput(0, to.get(), ctx.inputShape(0).orElse(null));
    if (to.get() == DataType.INT64 || to.get() == DataType.INT32) {
      ctx.inputValue(0).ifPresent(v -> ctx.setOutputValue(0, v));
    }
  }

  static void castLike(InferenceContext ctx) {
    ctx.inputElementType(1).ifPresent(t -> ctx.setOutput(0, t, ctx.inputShape(0).orElse(null)));
  }
}
