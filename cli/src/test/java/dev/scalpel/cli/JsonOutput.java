package dev.scalpel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalpel.runtime.inputs.StrictJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's JSON output read back for assertions, through the strict reader the runtime reads
 * input files with ({@link StrictJson}), so the tests check that output really is JSON: objects
 * become {@code Map<String, Object>}, arrays {@code List<Object>}, integer literals {@code Long},
 * other numbers {@code Double}.
 */
public final class JsonOutput {
  private JsonOutput() {}

  public static Object parse(String text) {
    return plain(StrictJson.parse(text, "command output"));
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> array(Object o) {
    return (List<Object>) o;
  }

  private static Object plain(JsonNode v) {
    if (v.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      v.fields().forEachRemaining(e -> out.put(e.getKey(), plain(e.getValue())));
      return out;
    }
    if (v.isArray()) {
      List<Object> out = new ArrayList<>();
      v.forEach(x -> out.add(plain(x)));
      return out;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNumber()) {
      return v.isIntegralNumber() ? (Object) v.longValue() : (Object) v.doubleValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    return null;
  }
}
