package dev.scalpel.runtime.inputs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalpel.graph.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the JSON Polygraphy writes for {@code polygraphy run --save-outputs} (a {@code RunResults})
 * and {@code --save-inputs} (a list of feed dicts), as its JSON encoder lays them out:
 *
 * <ul>
 *   <li>an array is an object {@code {"array": BASE64, "polygraphy_class": "ndarray"}} whose
 *       string is the base64 of the {@code .npy} file {@code numpy.save} writes (read by {@link
 *       NpyFormat}; files of old Polygraphy versions hold the bytes as Latin-1 text instead);
 *   <li>a lazily loaded array wraps one: {@code {"values": ARRAY, "polygraphy_class":
 *       "LazyArray"}} (formerly {@code "LazyNumpyArray"});
 *   <li>{@code RunResults} is {@code {"lst": [[RUNNER, [ITERATION, ...]], ...]}}, each iteration
 *       {@code {"outputs": {NAME: ARRAY}, "runtime": ..., "runner_name": ...}}.
 * </ul>
 *
 * <p>Scalpel replays one run: a file with several runners or iterations is refused, naming how
 * many it holds, rather than one being picked silently.
 */
final class PolygraphyJson {
  private static final String MARKER = "polygraphy_class";

  private PolygraphyJson() {}

  /** Whether {@code root} is a Polygraphy {@code RunResults} object. */
  static boolean isRunResults(JsonNode root) {
    return root.isObject() && root.has("lst")
        && (!root.has(MARKER) || "RunResults".equals(root.get(MARKER).asText()));
  }

  /** Whether {@code value} is an encoded array (or a lazy array wrapping one). */
  static boolean isArray(JsonNode value) {
    return value.isObject() && (value.has("array") || value.has("values")) && value.has(MARKER);
  }

  /**
   * The outputs of the one iteration of the one runner in a {@code RunResults}.
   *
   * @throws InputDataException if it holds other than one runner with one iteration, or is malformed
   */
  static Map<String, Tensor> outputs(JsonNode root, String source) {
    JsonNode lst = root.get("lst");
    if (!lst.isArray() || lst.size() != 1) {
      throw new InputDataException(source + ": Polygraphy results hold " + (lst.isArray() ? lst.size() : 0)
          + " runners; save one (polygraphy run with a single runner) to replay it");
    }
    JsonNode runner = lst.get(0);
    if (!runner.isArray() || runner.size() != 2 || !runner.get(1).isArray()) {
      throw new InputDataException(source + ": Polygraphy results: \"lst\" entry 0 is not [runner name, iterations]");
    }
    String where = source + ", runner '" + runner.get(0).asText() + "'";
    JsonNode iterations = runner.get(1);
    if (iterations.size() != 1) {
      throw new InputDataException(where + ": holds " + iterations.size() + " iterations; Scalpel replays one");
    }
    JsonNode outputs = iterations.get(0).get("outputs");
    if (outputs == null || !outputs.isObject()) {
      throw new InputDataException(where + ": the iteration has no \"outputs\" object");
    }
    return arrays(outputs, where);
  }

  /**
   * The one feed dict of a {@code --save-inputs} list.
   *
   * @throws InputDataException if the list holds other than one feed dict, or is malformed
   */
  static Map<String, Tensor> inputs(JsonNode list, String source) {
    if (list.size() != 1 || !list.get(0).isObject()) {
      throw new InputDataException(source + ": a Polygraphy input list holds " + list.size()
          + " feed dicts; Scalpel replays one (an array of one object of encoded arrays)");
    }
    return arrays(list.get(0), source);
  }

  private static Map<String, Tensor> arrays(JsonNode object, String where) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!isArray(e.getValue())) {
        throw new InputDataException(where + ", '" + e.getKey() + "': not a Polygraphy-encoded array");
      }
      out.put(e.getKey(), array(e.getKey(), e.getValue(), where + ", '" + e.getKey() + "'"));
    }
    return out;
  }

  /** Decodes one encoded array (unwrapping a lazy array) into a tensor named {@code name}. */
  static Tensor array(String name, JsonNode value, String where) {
    JsonNode v = value;
    while (v.isObject() && v.has("values") && !v.has("array")) {
      v = v.get("values");
    }
    JsonNode text = v.isObject() ? v.get("array") : null;
    if (text == null || !text.isTextual()) {
      throw new InputDataException(where + ": a Polygraphy array has an \"array\" string (base64 of a .npy file)");
    }
    byte[] npy;
    try {
      npy = Base64.getDecoder().decode(text.textValue());
    } catch (IllegalArgumentException e) {
      // NOTE: Polygraphy's decoder falls back the same way for files of its old versions.
      npy = text.textValue().getBytes(StandardCharsets.ISO_8859_1);
    }
    return NpyFormat.read(npy, name, where);
  }
}
