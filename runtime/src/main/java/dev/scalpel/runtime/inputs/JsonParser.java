package dev.scalpel.runtime.inputs;

import dev.scalpel.runtime.inputs.JsonValue.JsonArray;
import dev.scalpel.runtime.inputs.JsonValue.JsonBool;
import dev.scalpel.runtime.inputs.JsonValue.JsonNull;
import dev.scalpel.runtime.inputs.JsonValue.JsonNumber;
import dev.scalpel.runtime.inputs.JsonValue.JsonObject;
import dev.scalpel.runtime.inputs.JsonValue.JsonString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser (RFC 8259): no comments, no trailing commas, no single quotes, no NaN or
 * Infinity literals, no unescaped control characters in strings, nothing after the value but
 * whitespace. Objects with a key twice are refused, since which one counts would be a guess.
 * Errors are {@link InputDataException}s naming the source, line and column.
 */
public final class JsonParser {
  /** Nesting depth accepted; tensors nest once per dimension, far below this. */
  private static final int MAX_DEPTH = 256;

  private final String text;
  private final String source;
  private int pos;
  private int depth;

  private JsonParser(String text, String source) {
    this.text = text;
    this.source = source;
  }

  /**
   * Parses one JSON document.
   *
   * @param source what to call the text in messages, such as the file name
   */
  public static JsonValue parse(String text, String source) {
    JsonParser p = new JsonParser(text, source);
    // NOTE: a byte order mark is not JSON, but editors on Windows add one; parsers may ignore it.
    if (text.startsWith("\uFEFF")) {
      p.pos = 1;
    }
    p.skipSpace();
    JsonValue v = p.value();
    p.skipSpace();
    if (p.pos < text.length()) {
      throw p.error("unexpected " + p.describeHere() + " after the JSON value");
    }
    return v;
  }

  private JsonValue value() {
    if (pos >= text.length()) {
      throw error("the text ends where a value was expected");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return new JsonString(string());
      case 't':
        literal("true");
        return new JsonBool(true);
      case 'f':
        literal("false");
        return new JsonBool(false);
      case 'n':
        literal("null");
        return new JsonNull();
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected " + describeHere() + " where a value was expected");
    }
  }

  private JsonObject object() {
    enter();
    pos++;
    Map<String, JsonValue> members = new LinkedHashMap<>();
    skipSpace();
    if (peek('}')) {
      pos++;
      depth--;
      return new JsonObject(Collections.unmodifiableMap(members));
    }
    while (true) {
      skipSpace();
      if (!peek('"')) {
        throw error("expected a quoted key but found " + describeHere());
      }
      int keyAt = pos;
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      JsonValue v = value();
      if (members.putIfAbsent(key, v) != null) {
        pos = keyAt;
        throw error("key \"" + key + "\" appears twice in one object");
      }
      skipSpace();
      if (peek(',')) {
        pos++;
        continue;
      }
      expect('}');
      depth--;
      return new JsonObject(Collections.unmodifiableMap(members));
    }
  }

  private JsonArray array() {
    enter();
    pos++;
    List<JsonValue> elements = new ArrayList<>();
    skipSpace();
    if (peek(']')) {
      pos++;
      depth--;
      return new JsonArray(Collections.unmodifiableList(elements));
    }
    while (true) {
      skipSpace();
      elements.add(value());
      skipSpace();
      if (peek(',')) {
        pos++;
        continue;
      }
      expect(']');
      depth--;
      return new JsonArray(Collections.unmodifiableList(elements));
    }
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("arrays and objects nest more than " + MAX_DEPTH + " deep");
    }
  }

  private String string() {
    pos++;
    StringBuilder s = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("the text ends inside a string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return s.toString();
      }
      if (c < 0x20) {
        throw error("control character U+" + String.format("%04X", (int) c) + " inside a string must be escaped");
      }
      if (c != '\\') {
        s.append(c);
        pos++;
        continue;
      }
      if (pos + 1 >= text.length()) {
        throw error("the text ends inside a string");
      }
      char e = text.charAt(pos + 1);
      pos += 2;
      switch (e) {
        case '"', '\\', '/' -> s.append(e);
        case 'b' -> s.append('\b');
        case 'f' -> s.append('\f');
        case 'n' -> s.append('\n');
        case 'r' -> s.append('\r');
        case 't' -> s.append('\t');
        case 'u' -> s.append(unicodeEscape());
        default -> {
          pos -= 2;
          throw error("invalid escape '\\" + e + "' in a string");
        }
      }
    }
  }

  private char unicodeEscape() {
    if (pos + 4 > text.length()) {
      throw error("incomplete \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(text.charAt(pos + i), 16);
      if (d < 0) {
        throw error("invalid \\u escape");
      }
      v = v * 16 + d;
    }
    pos += 4;
    return (char) v;
  }

  private JsonNumber number() {
    int start = pos;
    if (peek('-')) {
      pos++;
    }
    if (peek('0')) {
      pos++;
    } else if (digitHere()) {
      skipDigits();
    } else {
      throw error("a number needs digits after '-'");
    }
    if (peek('.')) {
      pos++;
      if (!digitHere()) {
        throw error("a number needs digits after '.'");
      }
      skipDigits();
    }
    if (peek('e') || peek('E')) {
      pos++;
      if (peek('+') || peek('-')) {
        pos++;
      }
      if (!digitHere()) {
        throw error("a number needs digits in its exponent");
      }
      skipDigits();
    }
    if (digitHere()) {
      throw error("numbers may not have leading zeros");
    }
    return new JsonNumber(text.substring(start, pos));
  }

  private boolean digitHere() {
    return pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9';
  }

  private void skipDigits() {
    while (digitHere()) {
      pos++;
    }
  }

  private void literal(String word) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected " + describeHere() + " where a value was expected");
    }
    pos += word.length();
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "' but found " + describeHere());
    }
    pos++;
  }

  private String describeHere() {
    if (pos >= text.length()) {
      return "the end of the text";
    }
    int end = pos;
    while (end < text.length() && end - pos < 12 && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return "'" + text.substring(pos, Math.max(end, pos + 1)) + "'";
  }

  private InputDataException error(String what) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < pos && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new InputDataException(source + ": invalid JSON at line " + line + ", column " + column + ": " + what);
  }
}
