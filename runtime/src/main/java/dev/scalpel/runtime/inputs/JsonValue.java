package dev.scalpel.runtime.inputs;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON value (RFC 8259). Objects keep their members in file order and never hold a key
 * twice; numbers keep their literal text, so that 64-bit integers lose no precision.
 */
public sealed interface JsonValue {

  /** What the value is, in words for messages ("an object", "a number"). */
  String kind();

  record JsonObject(Map<String, JsonValue> members) implements JsonValue {
    public String kind() {
      return "an object";
    }
  }

  record JsonArray(List<JsonValue> elements) implements JsonValue {
    public String kind() {
      return "an array";
    }
  }

  record JsonString(String value) implements JsonValue {
    public String kind() {
      return "a string";
    }
  }

  /** A number; {@code text} matches the JSON number grammar. */
  record JsonNumber(String text) implements JsonValue {
    public String kind() {
      return "a number";
    }

    /** Whether it is written without fraction or exponent. */
    public boolean isIntegerLiteral() {
      return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
    }

    public BigDecimal decimal() {
      return new BigDecimal(text);
    }
  }

  record JsonBool(boolean value) implements JsonValue {
    public String kind() {
      return "a boolean";
    }
  }

  record JsonNull() implements JsonValue {
    public String kind() {
      return "null";
    }
  }
}
