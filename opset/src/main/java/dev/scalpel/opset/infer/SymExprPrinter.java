package dev.scalpel.opset.infer;

import java.util.Map;

/** Prints {@link SymExpr}s in the form {@link SymExprParser} reads: {@code 2*h}, {@code floor((w-1)/2)+1}. */
final class SymExprPrinter {
  private SymExprPrinter() {}

  static String print(SymExpr e) {
    if (e.terms().isEmpty()) {
      return "0";
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<SymExpr.Monomial, Long> t : e.terms().entrySet()) {
      long c = t.getValue();
      boolean first = sb.length() == 0;
      if (c < 0) {
        sb.append('-');
      } else if (!first) {
        sb.append('+');
      }
      long abs = Math.abs(c);
      if (t.getKey().atoms().isEmpty()) {
        sb.append(abs);
        continue;
      }
      if (abs != 1) {
        sb.append(abs).append('*');
      }
      boolean firstAtom = true;
      for (SymExpr.Atom a : t.getKey().atoms()) {
        if (!firstAtom) {
          sb.append('*');
        }
        sb.append(atom(a));
        firstAtom = false;
      }
    }
    return sb.toString();
  }

  private static String atom(SymExpr.Atom a) {
    if (a instanceof SymExpr.Atom.Symbol s) {
      return s.name();
    }
    if (a instanceof SymExpr.Atom.FloorDiv f) {
      return "floor(" + grouped(f.dividend()) + "/" + f.divisor() + ")";
    }
    SymExpr.Atom.Opaque o = (SymExpr.Atom.Opaque) a;
    if (o.function().equals("floordiv")) {
      return "floor(" + grouped(o.args().get(0)) + "/" + grouped(o.args().get(1)) + ")";
    }
    return o.function() + "(" + o.args().get(0) + "," + o.args().get(1) + ")";
  }

  /** The expression, in parentheses unless it is a single atom or number. */
  private static String grouped(SymExpr e) {
    String s = e.toString();
    boolean simple = e.terms().size() == 1
        && e.terms().values().iterator().next() == 1
        && e.terms().keySet().iterator().next().atoms().size() <= 1;
    return simple || e.isConstant() && e.constantValue() >= 0 ? s : "(" + s + ")";
  }
}
