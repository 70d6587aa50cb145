package dev.scalpel.runtime.inputs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads input tensors from a JSON file (UTF-8, strict RFC 8259, read by {@link StrictJson}). The file holds one object that
 * maps each input name to its value, given in one of three forms:
 *
 * <pre>{@code
 * {
 *   "input_ids":    [[101, 7592, 102]],
 *   "pixel_values": {"dtype": "float16", "shape": [1, 3, 2, 2], "data": [0.1, 0.2, 0.3, ...]},
 *   "temperature":  0.7
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Nested arrays</b>: the shape comes from the nesting ({@code [[1, 2, 3]]} is {@code [1,
 *       3]}, {@code []} is {@code [0]}); every array at one depth must have the same length, and
 *       ragged arrays are refused. The element type is the model's declared type for that input
 *       when the caller passes it; otherwise it is inferred: all booleans give {@code bool}, all
 *       integers (no fraction, no exponent) {@code int64}, other numbers {@code float32} (also
 *       when mixed with integers), strings {@code string}; an empty array is {@code float32}.
 *   <li><b>Typed object</b>: exactly the keys {@code dtype}, {@code shape} (non-negative integers)
 *       and {@code data}, a flat array of the elements in row-major (C) order whose length is the
 *       product of the shape. Its dtype is used as written. Names: {@code float32} or {@code
 *       float}, {@code float64} or {@code double}, {@code float16}, {@code bfloat16}, {@code
 *       int8/16/32/64}, {@code uint8/16/32/64}, {@code bool}, {@code string}.
 *   <li><b>A bare number, boolean or string</b>: a rank-0 tensor, typed as nested arrays are.
 * </ul>
 *
 * <p>Polygraphy's JSON is read too ({@link PolygraphyJson}): a value may be a Polygraphy-encoded
 * array ({@code {"array": BASE64_NPY, "polygraphy_class": "ndarray"}}), and the file may be the
 * list of one feed dict that {@code polygraphy run --save-inputs} writes.
 *
 * <p>Values must fit their type (see {@link JsonElements}): integers for integer types within
 * range, {@code true/false} or 0/1 for bool; float types also take the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"}. {@code null} is never a value. Anything else gives an
 * {@link InputDataException} naming the file, the input and the place.
 */
public final class JsonInputs {
  private static final Set<String> TYPED_KEYS = Set.of("dtype", "shape", "data");
  private static final Map<String, DataType> DTYPES = Map.ofEntries(
      Map.entry("float32", DataType.FLOAT), Map.entry("float", DataType.FLOAT),
      Map.entry("float64", DataType.DOUBLE), Map.entry("double", DataType.DOUBLE),
      Map.entry("float16", DataType.FLOAT16), Map.entry("bfloat16", DataType.BFLOAT16),
      Map.entry("int8", DataType.INT8), Map.entry("int16", DataType.INT16), Map.entry("int32", DataType.INT32),
      Map.entry("int64", DataType.INT64), Map.entry("uint8", DataType.UINT8), Map.entry("uint16", DataType.UINT16),
      Map.entry("uint32", DataType.UINT32), Map.entry("uint64", DataType.UINT64), Map.entry("bool", DataType.BOOL),
      Map.entry("string", DataType.STRING));

  private JsonInputs() {}

  /** Reads a JSON input file, inferring the element types of untyped values. */
  public static Map<String, Tensor> read(Path file) throws IOException {
    return read(file, Map.of());
  }

  /**
   * Reads a JSON input file.
   *
   * @param declaredTypes element types of the model's inputs, by name; used for nested arrays and
   *     bare scalars, whose type the JSON does not state
   */
  public static Map<String, Tensor> read(Path file, Map<String, DataType> declaredTypes) throws IOException {
    return tensors(StrictJson.read(file), file.toString(), declaredTypes);
  }

  /**
   * Reads JSON input data held in memory.
   *
   * @param source what to call the text in messages, such as the file name
   */
  public static Map<String, Tensor> parse(String json, String source, Map<String, DataType> declaredTypes) {
    return tensors(StrictJson.parse(json, source), source, declaredTypes);
  }

  /**
   * The tensors of a parsed JSON object that maps names to values.
   *
   * @param source names the object in messages, such as {@code "run.json"} or {@code "run.json,
   *     \"outputs\""}
   * @param what what the names stand for in messages ("inputs", "outputs")
   */
  static Map<String, Tensor> tensors(JsonNode root, String source, Map<String, DataType> declaredTypes, String what) {
    if (!root.isObject()) {
      throw new InputDataException(source + ": the JSON is " + StrictJson.kind(root)
          + "; it must be an object mapping " + what.substring(0, what.length() - 1) + " names to values");
    }
    if (root.isEmpty()) {
      throw new InputDataException(source + ": the JSON object names no " + what);
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      String where = source + ", " + what.substring(0, what.length() - 1) + " '" + name + "'";
      out.put(name, tensor(name, e.getValue(), declaredTypes.get(name), where));
    }
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, Tensor> tensors(JsonNode root, String source, Map<String, DataType> declaredTypes) {
    if (root.isArray() && !root.isEmpty() && root.get(0).isObject()) {
      return PolygraphyJson.inputs(root, source);
    }
    return tensors(root, source, declaredTypes, "inputs");
  }

  private static Tensor tensor(String name, JsonNode value, DataType declared, String where) {
    if (PolygraphyJson.isArray(value)) {
      return PolygraphyJson.array(name, value, where);
    }
    if (value.isObject()) {
      return typedTensor(name, value, where);
    }
    if (value.isNull()) {
      throw new InputDataException(where + ": null is not a value");
    }
    List<Long> shape = new ArrayList<>();
    for (JsonNode v = value; v != null && v.isArray(); v = v.isEmpty() ? null : v.get(0)) {
      shape.add((long) v.size());
    }
    List<JsonNode> leaves = new ArrayList<>();
    collect(value, shape, 0, "", leaves, where);
    DataType type = declared != null ? declared : infer(leaves, where);
    long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
    return JsonElements.toTensor(name, type, dims, leaves, where);
  }

  /** Checks that {@code v} has the shape found from the first elements, collecting its scalars. */
  private static void collect(JsonNode v, List<Long> shape, int depth, String path, List<JsonNode> leaves, String where) {
    if (depth == shape.size()) {
      if (!v.isValueNode() || v.isNull()) {
        throw new InputDataException(where + ": ragged array: " + at(path) + " is " + StrictJson.kind(v)
            + " where the first elements have a number, boolean or string");
      }
      leaves.add(v);
      return;
    }
    if (!v.isArray()) {
      throw new InputDataException(where + ": ragged array: " + at(path) + " is " + StrictJson.kind(v)
          + " where the first elements have an array of " + shape.get(depth));
    }
    if (v.size() != shape.get(depth)) {
      throw new InputDataException(where + ": ragged array: " + at(path) + " has " + v.size()
          + " elements where the first has " + shape.get(depth));
    }
    for (int i = 0; i < v.size(); i++) {
      collect(v.get(i), shape, depth + 1, path + "[" + i + "]", leaves, where);
    }
  }

  private static String at(String path) {
    return path.isEmpty() ? "the value" : "element " + path;
  }

  private static DataType infer(List<JsonNode> leaves, String where) {
    boolean bools = false;
    boolean integers = false;
    boolean fractions = false;
    boolean strings = false;
    for (JsonNode v : leaves) {
      if (v.isBoolean()) {
        bools = true;
      } else if (v.isNumber()) {
        // NOTE: Jackson reads a literal with a fraction or an exponent as a floating-point number.
        if (v.isIntegralNumber()) {
          integers = true;
        } else {
          fractions = true;
        }
      } else if (v.isTextual()) {
        strings = true;
      }
    }
    int kinds = (bools ? 1 : 0) + (integers || fractions ? 1 : 0) + (strings ? 1 : 0);
    if (kinds > 1) {
      throw new InputDataException(where + ": the values mix " + (bools ? "booleans, " : "")
          + (integers || fractions ? "numbers, " : "") + (strings ? "strings, " : "")
          + "so their type is unclear; give them one kind, or use {\"dtype\": ..., \"shape\": ..., \"data\": ...}");
    }
    if (bools) {
      return DataType.BOOL;
    }
    if (strings) {
      return DataType.STRING;
    }
    return integers && !fractions ? DataType.INT64 : DataType.FLOAT;
  }

  private static Tensor typedTensor(String name, JsonNode typed, String where) {
    Set<String> keys = new LinkedHashSet<>();
    typed.fieldNames().forEachRemaining(keys::add);
    if (!keys.equals(TYPED_KEYS)) {
      throw new InputDataException(where + ": a typed value has exactly the keys \"dtype\", \"shape\" and \"data\", not "
          + keys);
    }
    JsonNode dtypeName = typed.get("dtype");
    if (!dtypeName.isTextual()) {
      throw new InputDataException(where + ": \"dtype\" is " + StrictJson.kind(dtypeName) + ", not a string such as \"float32\"");
    }
    DataType type = DTYPES.get(dtypeName.textValue());
    if (type == null) {
      throw new InputDataException(where + ": unknown dtype \"" + dtypeName.textValue() + "\"; known: "
          + new java.util.TreeSet<>(DTYPES.keySet()));
    }
    JsonNode shapeArray = typed.get("shape");
    if (!shapeArray.isArray()) {
      throw new InputDataException(where + ": \"shape\" is " + StrictJson.kind(shapeArray) + ", not an array of integers");
    }
    long[] shape = new long[shapeArray.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = shapeArray.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
        throw new InputDataException(where + ": \"shape\" entry " + i + " is not a non-negative integer");
      }
      shape[i] = d.longValue();
      try {
        count = Math.multiplyExact(count, shape[i]);
      } catch (ArithmeticException e) {
        throw new InputDataException(where + ": \"shape\" " + java.util.Arrays.toString(shape) + " is too large");
      }
    }
    JsonNode data = typed.get("data");
    if (!data.isArray()) {
      throw new InputDataException(where + ": \"data\" is " + StrictJson.kind(data) + ", not an array");
    }
    List<JsonNode> elements = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      JsonNode v = data.get(i);
      if (!v.isValueNode() || v.isNull()) {
        throw new InputDataException(where + ": \"data\" element " + i + " is " + StrictJson.kind(v)
            + "; \"data\" is a flat array of the elements in row-major order");
      }
      elements.add(v);
    }
    if (elements.size() != count) {
      throw new InputDataException(where + ": \"shape\" " + java.util.Arrays.toString(shape) + " has " + count
          + " elements but \"data\" holds " + elements.size());
    }
    return JsonElements.toTensor(name, type, shape, elements, where);
  }

  /** The dtype name JSON uses for {@code type}, or null if JSON data cannot be given in it. */
  static String dtypeName(DataType type) {
    for (Map.Entry<String, DataType> e : DTYPES.entrySet()) {
      if (e.getValue() == type && !e.getKey().equals("float") && !e.getKey().equals("double")) {
        return e.getKey();
      }
    }
    return null;
  }
}
