package dev.scalpel.opset.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the printed form of {@link SymExpr}: integers, symbol names, {@code + - *}, parentheses,
 * {@code floor(a/b)}, {@code max(a,b)}, {@code min(a,b)}. Text that does not follow this grammar
 * is not an expression ({@link Optional#empty()}).
 */
final class SymExprParser {
  private final String text;
  private int pos;

  private SymExprParser(String text) {
    this.text = text;
  }

  static Optional<SymExpr> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    SymExprParser p = new SymExprParser(text);
    try {
      SymExpr e = p.expr();
      p.skipSpaces();
      return p.pos == text.length() ? Optional.of(e) : Optional.empty();
    } catch (IllegalArgumentException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private SymExpr expr() {
    skipSpaces();
    // NOTE: the terms are summed once at the end: adding them one by one copies the growing sum
    // each time, quadratic in the length of a long sum (a Concat over hundreds of inputs).
    List<SymExpr> terms = new ArrayList<>();
    if (peek('-')) {
      pos++;
      terms.add(term().negate());
    } else {
      terms.add(term());
    }
    while (true) {
      skipSpaces();
      if (peek('+')) {
        pos++;
        terms.add(term());
      } else if (peek('-')) {
        pos++;
        terms.add(term().negate());
      } else {
        return terms.size() == 1 ? terms.get(0) : SymExpr.sum(terms);
      }
    }
  }

  private SymExpr term() {
    SymExpr e = factor();
    while (true) {
      skipSpaces();
      if (peek('*')) {
        pos++;
        e = e.times(factor());
      } else {
        return e;
      }
    }
  }

  private SymExpr factor() {
    skipSpaces();
    if (pos >= text.length()) {
      throw new IllegalArgumentException("unexpected end");
    }
    char c = text.charAt(pos);
    if (c == '(') {
      pos++;
      SymExpr e = expr();
      expect(')');
      return e;
    }
    if (Character.isDigit(c)) {
      int start = pos;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      return SymExpr.of(Long.parseLong(text.substring(start, pos)));
    }
    if (Character.isLetter(c) || c == '_') {
      int start = pos;
      while (pos < text.length() && isNameChar(text.charAt(pos))) {
        pos++;
      }
      String name = text.substring(start, pos);
      skipSpaces();
      if (peek('(') && (name.equals("floor") || name.equals("max") || name.equals("min"))) {
        pos++;
        SymExpr a = expr();
        if (name.equals("floor")) {
          expect('/');
          SymExpr b = factor();
          expect(')');
          return a.floorDiv(b);
        }
        expect(',');
        SymExpr b = expr();
        expect(')');
        return name.equals("max") ? a.max(b) : a.min(b);
      }
      return SymExpr.symbol(name);
    }
    throw new IllegalArgumentException("unexpected '" + c + "'");
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.';
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(char c) {
    skipSpaces();
    if (!peek(c)) {
      throw new IllegalArgumentException("expected '" + c + "'");
    }
    pos++;
  }

  private void skipSpaces() {
    while (pos < text.length() && text.charAt(pos) == ' ') {
      pos++;
    }
  }
}
