package dev.scalpel.runtime.inputs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of a {@code .npy} file: the Python dict literal {@code {'descr': '<f4',
 * 'fortran_order': False, 'shape': (2, 3), }}, without the magic, version and padding around it.
 *
 * <p>Parsing accepts exactly what NumPy's own reader accepts: a dict with exactly the keys {@code
 * descr}, {@code fortran_order} and {@code shape}, a dtype string, a bool and a tuple of
 * non-negative ints, in any order, with optional trailing commas and whitespace. Invariant: {@code
 * shape} entries are non-negative.
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {
  private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

  NpyHeader {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /**
   * Parses the dict literal.
   *
   * @throws IllegalArgumentException with a message fit for the user if it is malformed
   */
  static NpyHeader parse(String text) {
    Map<String, Object> dict = new Literal(text).document();
    if (!dict.keySet().equals(KEYS)) {
      throw new IllegalArgumentException("header has keys " + dict.keySet() + "; a .npy header has exactly "
          + "'descr', 'fortran_order' and 'shape'");
    }
    Object descr = dict.get("descr");
    if (descr instanceof List) {
      throw new IllegalArgumentException("header describes a structured array (a list of fields), which is not supported");
    }
    if (!(descr instanceof String d)) {
      throw new IllegalArgumentException("header 'descr' is " + descr + ", not a dtype string");
    }
    if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
      throw new IllegalArgumentException("header 'fortran_order' is " + dict.get("fortran_order") + ", not True or False");
    }
    if (!(dict.get("shape") instanceof long[] shape)) {
      throw new IllegalArgumentException("header 'shape' is " + dict.get("shape") + ", not a tuple of integers");
    }
    return new NpyHeader(d, fortran, shape);
  }

  /** The dict literal as NumPy writes it, without padding. */
  String format() {
    StringBuilder s = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': ")
        .append(fortranOrder ? "True" : "False").append(", 'shape': (");
    for (int i = 0; i < shape.length; i++) {
      s.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return s.append(shape.length == 1 ? ",), }" : "), }").toString();
  }

  @Override
  public String toString() {
    return "NpyHeader[" + descr + ", fortran_order=" + fortranOrder + ", shape=" + Arrays.toString(shape) + "]";
  }

  /**
   * A recursive-descent reader of the Python literal subset headers use: dicts, strings, True and
   * False, integers and tuples of integers. Values come back as String, Boolean, Long, long[] and,
   * for lists (structured dtypes), List.
   */
  private static final class Literal {
    private final String text;
    private int pos;

    Literal(String text) {
      this.text = text;
    }

    Map<String, Object> document() {
      skipSpace();
      if (!peek('{')) {
        throw error("header does not start with '{'");
      }
      Map<String, Object> dict = dict();
      skipSpace();
      if (pos != text.length()) {
        throw error("unexpected text after the header dict");
      }
      return dict;
    }

    private Map<String, Object> dict() {
      expect('{');
      Map<String, Object> out = new LinkedHashMap<>();
      skipSpace();
      while (!peek('}')) {
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        Object value = value();
        if (out.put(key, value) != null) {
          throw error("header has key '" + key + "' twice");
        }
        skipSpace();
        if (!peek('}')) {
          expect(',');
          skipSpace();
        }
      }
      expect('}');
      return out;
    }

    private Object value() {
      if (pos >= text.length()) {
        throw error("header ends inside the dict");
      }
      char c = text.charAt(pos);
      if (c == '\'' || c == '"') {
        return string();
      }
      if (c == '(') {
        return tuple();
      }
      if (c == '[') {
        skipBracketed();
        return List.of();
      }
      if (text.startsWith("True", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (text.startsWith("False", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      if (Character.isDigit(c) || c == '-') {
        return integer();
      }
      throw error("unexpected '" + c + "' in the header");
    }

    private long[] tuple() {
      expect('(');
      List<Long> dims = new ArrayList<>();
      skipSpace();
      while (!peek(')')) {
        long d = integer();
        if (d < 0) {
          throw error("shape has negative dimension " + d);
        }
        dims.add(d);
        skipSpace();
        if (!peek(')')) {
          expect(',');
          skipSpace();
        }
      }
      expect(')');
      return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private long integer() {
      int start = pos;
      if (peek('-')) {
        pos++;
      }
      while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
        pos++;
      }
      String digits = text.substring(start, pos);
      if (digits.isEmpty() || digits.equals("-")) {
        throw error(pos >= text.length() ? "header ends where an integer was expected" : "expected an integer");
      }
      // NOTE: files written by Python 2 may mark long integers with a trailing L.
      if (peek('L')) {
        pos++;
      }
      try {
        return Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw error("'" + digits + "' is not an integer that fits in 64 bits");
      }
    }

    private String string() {
      if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
        throw error("expected a quoted string");
      }
      char quote = text.charAt(pos++);
      StringBuilder s = new StringBuilder();
      while (pos < text.length() && text.charAt(pos) != quote) {
        char c = text.charAt(pos++);
        if (c == '\\' && pos < text.length()) {
          c = text.charAt(pos++);
        }
        s.append(c);
      }
      expect(quote);
      return s.toString();
    }

    /** Skips a list (a structured dtype's fields), which is refused once the dict is read. */
    private void skipBracketed() {
      int depth = 0;
      do {
        if (pos >= text.length()) {
          throw error("header ends inside a list");
        }
        char c = text.charAt(pos++);
        if (c == '[') {
          depth++;
        } else if (c == ']') {
          depth--;
        } else if (c == '\'' || c == '"') {
          pos--;
          string();
        }
      } while (depth > 0);
    }

    private void skipSpace() {
      while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t'
          || text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) {
        pos++;
      }
    }

    private boolean peek(char c) {
      return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
      if (!peek(c)) {
        throw error(pos >= text.length() ? "header ends where '" + c + "' was expected" : "expected '" + c + "'");
      }
      pos++;
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " (at character " + pos + " of header " + quoted() + ")");
    }

    private String quoted() {
      String t = text.strip();
      return "\"" + (t.length() > 120 ? t.substring(0, 120) + "..." : t) + "\"";
    }
  }
}
