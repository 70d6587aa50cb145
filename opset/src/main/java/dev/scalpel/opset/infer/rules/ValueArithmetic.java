package dev.scalpel.opset.infer.rules;

import dev.scalpel.opset.infer.PartialValue;
import dev.scalpel.opset.infer.SymExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * Elementwise arithmetic on {@link PartialValue}s as ONNX computes it for the tensor's element
 * type: Div truncates for integer tensors and is kept only when exact for floating ones (whose
 * tracked elements are whole numbers); a one-element side broadcasts. An element that cannot be
 * computed becomes unknown.
 */
final class ValueArithmetic {
  private ValueArithmetic() {}

  /** The binary operation of {@code opType} (Add, Sub, Mul, Div, Equal...), if values propagate through it. */
  static Optional<BinaryOperator<SymExpr>> binary(String opType, boolean floating) {
    switch (opType) {
      case "Add":
      case "Sum":
        return Optional.of(SymExpr::plus);
      case "Sub":
        return Optional.of(SymExpr::minus);
      case "Mul":
        return Optional.of(SymExpr::times);
      case "Div":
        return Optional.of(floating ? ValueArithmetic::divideExactly : ValueArithmetic::divideTruncating);
      case "Max":
        return Optional.of(constantsOnly(Math::max));
      case "Min":
        return Optional.of(constantsOnly(Math::min));
      case "Equal":
        return Optional.of(ValueArithmetic::equal);
      default:
        return Optional.empty();
    }
  }

  /** The unary operation of {@code opType} (Neg, Abs, Relu, Ceil...), if values propagate through it. */
  static Optional<UnaryOperator<SymExpr>> unary(String opType, boolean floating) {
    switch (opType) {
      case "Identity":
        return Optional.of(x -> x);
      case "Neg":
        return Optional.of(SymExpr::negate);
      case "Abs":
        return Optional.of(x -> x.isConstant() ? SymExpr.of(Math.abs(x.constantValue())) : null);
      case "Relu":
        return Optional.of(x -> x.isConstant() ? SymExpr.of(Math.max(0, x.constantValue())) : null);
      case "Ceil":
      case "Floor":
      case "Round":
        // NOTE: floating values track whole numbers only, which rounding leaves as they are.
        return floating ? Optional.of(x -> x) : Optional.empty();
      default:
        return Optional.empty();
    }
  }

  /** Integer division as ONNX defines it for integers: truncation toward zero. */
  private static SymExpr divideTruncating(SymExpr a, SymExpr b) {
    if (a.isConstant() && b.isConstant()) {
      return b.constantValue() == 0 ? null : SymExpr.of(a.constantValue() / b.constantValue());
    }
    // NOTE: sizes are never negative, where truncation and floor agree.
    return a.floorDiv(b);
  }

  /** Real division, kept only when the quotient is a whole number. */
  private static SymExpr divideExactly(SymExpr a, SymExpr b) {
    if (b.isConstant() && b.constantValue() == 0) {
      return null;
    }
    if (a.isConstant() && b.isConstant()) {
      return a.constantValue() % b.constantValue() == 0 ? SymExpr.of(a.constantValue() / b.constantValue()) : null;
    }
    return a.divideExactly(b).orElse(null);
  }

  /**
   * 1 or 0 (a bool value) when the two are known to be equal or to differ; null otherwise. They
   * differ when their difference is provably at least 1 or at most -1 (a size compared with -1, as
   * exporters do to resolve {@code view(-1)}).
   */
  private static SymExpr equal(SymExpr a, SymExpr b) {
    SymExpr diff = a.minus(b);
    if (diff.isConstant()) {
      return SymExpr.of(diff.constantValue() == 0 ? 1 : 0);
    }
    return diff.minus(1).isProvablyNonNegative() || diff.negate().minus(1).isProvablyNonNegative() ? SymExpr.of(0) : null;
  }

  private static BinaryOperator<SymExpr> constantsOnly(BinaryOperator<Long> op) {
    return (a, b) -> a.isConstant() && b.isConstant() ? SymExpr.of(op.apply(a.constantValue(), b.constantValue())) : null;
  }

  /**
   * Applies {@code op} element by element, broadcasting a one-element side; the result is
   * floating when {@code floatingResult}.
   */
  static Optional<PartialValue> apply(PartialValue a, PartialValue b, BinaryOperator<SymExpr> op,
      boolean floatingResult) {
    int n = Math.max(a.size(), b.size());
    if ((a.size() != n && a.size() != 1) || (b.size() != n && b.size() != 1)) {
      return Optional.empty();
    }
    List<SymExpr> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SymExpr x = a.get(a.size() == 1 ? 0 : i);
      SymExpr y = b.get(b.size() == 1 ? 0 : i);
      out.add(x == null || y == null ? null : safely(() -> op.apply(x, y)));
    }
    return Optional.of(new PartialValue(out, a.scalar() && b.scalar()).as(floatingResult));
  }

  /** Applies {@code op} to each known element. */
  static PartialValue apply(PartialValue a, UnaryOperator<SymExpr> op) {
    List<SymExpr> out = new ArrayList<>(a.size());
    for (SymExpr x : a.elements()) {
      out.add(x == null ? null : safely(() -> op.apply(x)));
    }
    return new PartialValue(out, a.scalar()).as(a.floating());
  }

  private static SymExpr safely(java.util.function.Supplier<SymExpr> f) {
    try {
      return f.get();
    } catch (ArithmeticException e) {
      return null;
    }
  }
}
