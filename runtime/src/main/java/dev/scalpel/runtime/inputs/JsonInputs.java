package dev.scalpel.runtime.inputs;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.runtime.inputs.JsonValue.JsonArray;
import dev.scalpel.runtime.inputs.JsonValue.JsonBool;
import dev.scalpel.runtime.inputs.JsonValue.JsonNull;
import dev.scalpel.runtime.inputs.JsonValue.JsonNumber;
import dev.scalpel.runtime.inputs.JsonValue.JsonObject;
import dev.scalpel.runtime.inputs.JsonValue.JsonString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads input tensors from a JSON file (UTF-8, strict RFC 8259). The file holds one object that
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
    byte[] bytes = Files.readAllBytes(file);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InputDataException(file + ": not valid UTF-8 text, so not a JSON file");
    }
    return parse(text, file.toString(), declaredTypes);
  }

  /**
   * Reads JSON input data held in memory.
   *
   * @param source what to call the text in messages, such as the file name
   */
  public static Map<String, Tensor> parse(String json, String source, Map<String, DataType> declaredTypes) {
    JsonValue root = JsonParser.parse(json, source);
    if (!(root instanceof JsonObject object)) {
      throw new InputDataException(source + ": the JSON is " + root.kind()
          + "; it must be an object mapping input names to values");
    }
    if (object.members().isEmpty()) {
      throw new InputDataException(source + ": the JSON object names no inputs");
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : object.members().entrySet()) {
      String name = e.getKey();
      String where = source + ", input '" + name + "'";
      out.put(name, tensor(name, e.getValue(), declaredTypes.get(name), where));
    }
    return Collections.unmodifiableMap(out);
  }

  private static Tensor tensor(String name, JsonValue value, DataType declared, String where) {
    if (value instanceof JsonObject typed) {
      return typedTensor(name, typed, where);
    }
    if (value instanceof JsonNull) {
      throw new InputDataException(where + ": null is not a value");
    }
    List<Long> shape = new ArrayList<>();
    for (JsonValue v = value; v instanceof JsonArray a; v = a.elements().isEmpty() ? null : a.elements().get(0)) {
      shape.add((long) a.elements().size());
    }
    List<JsonValue> leaves = new ArrayList<>();
    collect(value, shape, 0, "", leaves, where);
    DataType type = declared != null ? declared : infer(leaves, where);
    long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
    return JsonElements.toTensor(name, type, dims, leaves, where);
  }

  /** Checks that {@code v} has the shape found from the first elements, collecting its scalars. */
  private static void collect(JsonValue v, List<Long> shape, int depth, String path, List<JsonValue> leaves, String where) {
    if (depth == shape.size()) {
      if (v instanceof JsonArray || v instanceof JsonObject || v instanceof JsonNull) {
        throw new InputDataException(where + ": ragged array: " + at(path) + " is " + v.kind()
            + " where the first elements have a number, boolean or string");
      }
      leaves.add(v);
      return;
    }
    if (!(v instanceof JsonArray a)) {
      throw new InputDataException(where + ": ragged array: " + at(path) + " is " + v.kind()
          + " where the first elements have an array of " + shape.get(depth));
    }
    if (a.elements().size() != shape.get(depth)) {
      throw new InputDataException(where + ": ragged array: " + at(path) + " has " + a.elements().size()
          + " elements where the first has " + shape.get(depth));
    }
    for (int i = 0; i < a.elements().size(); i++) {
      collect(a.elements().get(i), shape, depth + 1, path + "[" + i + "]", leaves, where);
    }
  }

  private static String at(String path) {
    return path.isEmpty() ? "the value" : "element " + path;
  }

  private static DataType infer(List<JsonValue> leaves, String where) {
    boolean bools = false;
    boolean integers = false;
    boolean fractions = false;
    boolean strings = false;
    for (JsonValue v : leaves) {
      if (v instanceof JsonBool) {
        bools = true;
      } else if (v instanceof JsonNumber n) {
        if (n.isIntegerLiteral()) {
          integers = true;
        } else {
          fractions = true;
        }
      } else if (v instanceof JsonString) {
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

  private static Tensor typedTensor(String name, JsonObject typed, String where) {
    Map<String, JsonValue> m = typed.members();
    if (!m.keySet().equals(TYPED_KEYS)) {
      throw new InputDataException(where + ": a typed value has exactly the keys \"dtype\", \"shape\" and \"data\", not "
          + m.keySet());
    }
    if (!(m.get("dtype") instanceof JsonString dtypeName)) {
      throw new InputDataException(where + ": \"dtype\" is " + m.get("dtype").kind() + ", not a string such as \"float32\"");
    }
    DataType type = DTYPES.get(dtypeName.value());
    if (type == null) {
      throw new InputDataException(where + ": unknown dtype \"" + dtypeName.value() + "\"; known: "
          + new java.util.TreeSet<>(DTYPES.keySet()));
    }
    if (!(m.get("shape") instanceof JsonArray shapeArray)) {
      throw new InputDataException(where + ": \"shape\" is " + m.get("shape").kind() + ", not an array of integers");
    }
    long[] shape = new long[shapeArray.elements().size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonValue d = shapeArray.elements().get(i);
      if (!(d instanceof JsonNumber n) || !n.isIntegerLiteral() || n.text().startsWith("-") || n.text().length() > 18) {
        throw new InputDataException(where + ": \"shape\" entry " + i + " is not a non-negative integer");
      }
      shape[i] = Long.parseLong(n.text());
      try {
        count = Math.multiplyExact(count, shape[i]);
      } catch (ArithmeticException e) {
        throw new InputDataException(where + ": \"shape\" " + java.util.Arrays.toString(shape) + " is too large");
      }
    }
    if (!(m.get("data") instanceof JsonArray data)) {
      throw new InputDataException(where + ": \"data\" is " + m.get("data").kind() + ", not an array");
    }
    for (int i = 0; i < data.elements().size(); i++) {
      JsonValue v = data.elements().get(i);
      if (v instanceof JsonArray || v instanceof JsonObject || v instanceof JsonNull) {
        throw new InputDataException(where + ": \"data\" element " + i + " is " + v.kind()
            + "; \"data\" is a flat array of the elements in row-major order");
      }
    }
    if (data.elements().size() != count) {
      throw new InputDataException(where + ": \"shape\" " + java.util.Arrays.toString(shape) + " has " + count
          + " elements but \"data\" holds " + data.elements().size());
    }
    return JsonElements.toTensor(name, type, shape, data.elements(), where);
  }
}
