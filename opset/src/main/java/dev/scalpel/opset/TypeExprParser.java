package dev.scalpel.opset;

import dev.scalpel.graph.DataType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A recursive-descent reader of one type string; see {@link TypeExpr#parse}. Single use. */
final class TypeExprParser {
  // NOTE: the schema resource spells about 9,000 allowed types with a few hundred distinct strings;
  // parsing each distinct one once makes the registry load noticeably faster on a cold JVM.
  private static final Map<String, TypeExpr> PARSED = new ConcurrentHashMap<>();

  /** {@link TypeExpr#parse}, remembering results: type expressions are immutable. */
  static TypeExpr parseCached(String text) {
    TypeExpr t = PARSED.get(text);
    if (t == null) {
      t = new TypeExprParser(text).parseAll();
      PARSED.put(text, t);
    }
    return t;
  }

  private final String text;
  private int pos;

  TypeExprParser(String text) {
    this.text = text;
  }

  TypeExpr parseAll() {
    TypeExpr t = type();
    skipSpaces();
    if (pos != text.length()) {
      throw error("unexpected '" + text.substring(pos) + "'");
    }
    return t;
  }

  private TypeExpr type() {
    String word = word();
    skipSpaces();
    if (pos >= text.length() || text.charAt(pos) != '(') {
      return new TypeExpr.TensorOf(element(word));
    }
    pos++;
    TypeExpr result;
    switch (word) {
      case "tensor" -> result = new TypeExpr.TensorOf(element(word()));
      case "sparse_tensor" -> result = new TypeExpr.SparseTensorOf(element(word()));
      case "seq" -> result = new TypeExpr.SequenceOf(type());
      case "optional" -> result = new TypeExpr.OptionalOf(type());
      case "map" -> {
        DataType key = element(word());
        expect(',');
        result = new TypeExpr.MapOf(key, type());
      }
      default -> throw error("unknown type constructor '" + word + "'");
    }
    expect(')');
    return result;
  }

  private DataType element(String name) {
    return TypeExpr.elementType(name).orElseThrow(() -> error("unknown element type '" + name + "'"));
  }

  private String word() {
    skipSpaces();
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    if (start == pos) {
      throw error("expected a name");
    }
    return text.substring(start, pos);
  }

  private void expect(char c) {
    skipSpaces();
    if (pos >= text.length() || text.charAt(pos) != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void skipSpaces() {
    while (pos < text.length() && text.charAt(pos) == ' ') {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("not a type string: \"" + text + "\" (" + what + " at " + pos + ")");
  }
}
