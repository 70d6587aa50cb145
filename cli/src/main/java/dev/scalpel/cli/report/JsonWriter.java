package dev.scalpel.cli.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A streaming writer of indented JSON: objects, arrays, strings, numbers, booleans and null, with
 * the commas, indentation and string escaping (RFC 8259) done right. Misuse, such as a value where
 * a member name is due, throws {@link IllegalStateException}.
 */
public final class JsonWriter {
  private static final String INDENT = "  ";

  /** What the innermost open container expects next. */
  private enum Scope { EMPTY_ARRAY, ARRAY, EMPTY_OBJECT, OBJECT_NAME_DONE, OBJECT, DOCUMENT, DONE }

  private final Appendable out;
  private final Deque<Scope> stack = new ArrayDeque<>();

  public JsonWriter(Appendable out) {
    this.out = out;
    stack.push(Scope.DOCUMENT);
  }

  public JsonWriter beginObject() {
    beforeValue();
    raw("{");
    stack.push(Scope.EMPTY_OBJECT);
    return this;
  }

  public JsonWriter endObject() {
    Scope s = stack.pop();
    if (s == Scope.OBJECT_NAME_DONE || (s != Scope.OBJECT && s != Scope.EMPTY_OBJECT)) {
      throw new IllegalStateException("endObject outside an object or after a dangling name");
    }
    close(s == Scope.EMPTY_OBJECT, "}");
    return this;
  }

  public JsonWriter beginArray() {
    beforeValue();
    raw("[");
    stack.push(Scope.EMPTY_ARRAY);
    return this;
  }

  public JsonWriter endArray() {
    Scope s = stack.pop();
    if (s != Scope.ARRAY && s != Scope.EMPTY_ARRAY) {
      throw new IllegalStateException("endArray outside an array");
    }
    close(s == Scope.EMPTY_ARRAY, "]");
    return this;
  }

  /** Writes a member name; a value must follow. */
  public JsonWriter name(String name) {
    Scope s = stack.peek();
    if (s != Scope.OBJECT && s != Scope.EMPTY_OBJECT) {
      throw new IllegalStateException("a name is only allowed inside an object");
    }
    raw(s == Scope.OBJECT ? "," : "");
    newline();
    string(name);
    raw(": ");
    replaceTop(Scope.OBJECT_NAME_DONE);
    return this;
  }

  /** Writes a string, or null when {@code value} is null. */
  public JsonWriter value(String value) {
    if (value == null) {
      return nullValue();
    }
    beforeValue();
    string(value);
    return this;
  }

  public JsonWriter value(long value) {
    beforeValue();
    raw(Long.toString(value));
    return this;
  }

  /**
   * Writes a number in Java's shortest round-trip form ({@code 0.25}, {@code 1.0E-5}, both valid
   * JSON). NOTE: JSON has no NaN or infinity, so those are written as null.
   */
  public JsonWriter value(double value) {
    if (!Double.isFinite(value)) {
      return nullValue();
    }
    beforeValue();
    raw(Double.toString(value));
    return this;
  }

  public JsonWriter value(boolean value) {
    beforeValue();
    raw(Boolean.toString(value));
    return this;
  }

  public JsonWriter nullValue() {
    beforeValue();
    raw("null");
    return this;
  }

  /** Shorthand for {@code name(name).value(value)}. */
  public JsonWriter member(String name, String value) {
    return name(name).value(value);
  }

  public JsonWriter member(String name, long value) {
    return name(name).value(value);
  }

  public JsonWriter member(String name, double value) {
    return name(name).value(value);
  }

  public JsonWriter member(String name, boolean value) {
    return name(name).value(value);
  }

  /** Ends the document with a newline. @throws IllegalStateException if a container is open */
  public void finish() {
    if (stack.peek() != Scope.DONE) {
      throw new IllegalStateException("unclosed object or array");
    }
    raw(System.lineSeparator());
  }

  private void beforeValue() {
    Scope s = stack.peek();
    switch (s) {
      case DOCUMENT -> replaceTop(Scope.DONE);
      case OBJECT_NAME_DONE -> replaceTop(Scope.OBJECT);
      case EMPTY_ARRAY, ARRAY -> {
        raw(s == Scope.ARRAY ? "," : "");
        newline();
        replaceTop(Scope.ARRAY);
      }
      default -> throw new IllegalStateException("a value is not allowed here (" + s + ")");
    }
  }

  private void close(boolean empty, String bracket) {
    if (!empty) {
      newline();
    }
    raw(bracket);
  }

  private void replaceTop(Scope s) {
    stack.pop();
    stack.push(s);
  }

  private void newline() {
    raw("\n");
    // NOTE: the DOCUMENT/DONE entry at the bottom of the stack is not a nesting level.
    for (int i = 1; i < stack.size(); i++) {
      raw(INDENT);
    }
  }

  private void string(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          // NOTE: U+2028/2029 are escaped too, so the output is also valid JavaScript; lone
          // surrogates are escaped so the output stays well-formed when encoded as UTF-8.
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || isLoneSurrogate(s, i)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    raw(sb.append('"').toString());
  }

  private static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }

  private void raw(String s) {
    try {
      out.append(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
