package dev.scalpel.cli;

import dev.scalpel.runtime.inputs.JsonParser;
import dev.scalpel.runtime.inputs.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's JSON output read back for assertions, through the strict parser the runtime reads
 * input files with ({@link JsonParser}), so the tests check that output really is JSON: objects
 * become {@code Map<String, Object>}, arrays {@code List<Object>}, integer literals {@code Long},
 * other numbers {@code Double}.
 */
public final class JsonOutput {
  private JsonOutput() {}

  public static Object parse(String text) {
    return plain(JsonParser.parse(text, "command output"));
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> array(Object o) {
    return (List<Object>) o;
  }

  private static Object plain(JsonValue v) {
    if (v instanceof JsonValue.JsonObject o) {
      Map<String, Object> out = new LinkedHashMap<>();
      o.members().forEach((k, x) -> out.put(k, plain(x)));
      return out;
    }
    if (v instanceof JsonValue.JsonArray a) {
      List<Object> out = new ArrayList<>();
      a.elements().forEach(x -> out.add(plain(x)));
      return out;
    }
    if (v instanceof JsonValue.JsonString s) {
      return s.value();
    }
    if (v instanceof JsonValue.JsonNumber n) {
      return n.isIntegerLiteral() ? (Object) Long.parseLong(n.text()) : (Object) Double.parseDouble(n.text());
    }
    if (v instanceof JsonValue.JsonBool b) {
      return b.value();
    }
    return null;
  }
}
