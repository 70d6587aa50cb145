package dev.scalpel.opset.infer;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Evaluates a {@link SymExpr} at given symbol values, with the semantics its operations define:
 * {@code floor(a/b)} is {@link Math#floorDiv(long, long)} (rounding toward negative infinity),
 * {@code max} and {@code min} are the ordinary ones, and arithmetic is exact.
 */
final class SymExprEvaluator {
  private final Map<String, Long> symbols;

  private SymExprEvaluator(Map<String, Long> symbols) {
    this.symbols = symbols;
  }

  /**
   * The value of {@code e}; empty if a symbol it uses is not in {@code symbols}, a divisor is 0,
   * or the arithmetic overflows a long.
   */
  static OptionalLong evaluate(SymExpr e, Map<String, Long> symbols) {
    try {
      Long v = new SymExprEvaluator(symbols).value(e);
      return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    } catch (ArithmeticException overflowOrZeroDivisor) {
      return OptionalLong.empty();
    }
  }

  /** Null when a symbol is unbound. */
  private Long value(SymExpr e) {
    long sum = 0;
    for (Map.Entry<SymExpr.Monomial, Long> t : e.terms().entrySet()) {
      long product = t.getValue();
      for (SymExpr.Atom a : t.getKey().atoms()) {
        Long v = value(a);
        if (v == null) {
          return null;
        }
        product = Math.multiplyExact(product, v);
      }
      sum = Math.addExact(sum, product);
    }
    return sum;
  }

  private Long value(SymExpr.Atom a) {
    if (a instanceof SymExpr.Atom.Symbol s) {
      return symbols.get(s.name());
    }
    if (a instanceof SymExpr.Atom.FloorDiv f) {
      Long dividend = value(f.dividend());
      return dividend == null ? null : Math.floorDiv(dividend.longValue(), f.divisor());
    }
    SymExpr.Atom.Opaque o = (SymExpr.Atom.Opaque) a;
    Long x = value(o.args().get(0));
    Long y = value(o.args().get(1));
    if (x == null || y == null) {
      return null;
    }
    switch (o.function()) {
      case "floordiv":
        // NOTE: Math.floorDiv throws ArithmeticException on 0, which evaluate() turns into empty.
        return Math.floorDiv(x.longValue(), y.longValue());
      case "max":
        return Math.max(x, y);
      case "min":
        return Math.min(x, y);
      default:
        throw new IllegalStateException("unknown function " + o.function());
    }
  }
}
