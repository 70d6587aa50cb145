package dev.scalpel.runtime.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonInputsTest {
  @TempDir Path dir;

  @Test
  void nestedArraysGiveShapeAndInferredType() {
    Map<String, Tensor> t = parse("""
        {"ids": [[101, 7592, 102]], "x": [[0.5, 1], [2, 3e0]], "mask": [true, false],
         "words": ["a", "bc"], "empty": [], "rows": [[], []], "scale": 0.7, "n": -3, "flag": true}""");
    assertThat(t.keySet()).containsExactly("ids", "x", "mask", "words", "empty", "rows", "scale", "n", "flag");
    assertThat(t.get("ids").dataType()).isEqualTo(DataType.INT64);
    assertThat(t.get("ids").dims()).containsExactly(1, 3);
    assertThat(t.get("ids").toLongArray()).containsExactly(101, 7592, 102);
    assertThat(t.get("x").dataType()).isEqualTo(DataType.FLOAT);
    assertThat(t.get("x").toFloatArray()).containsExactly(0.5f, 1, 2, 3);
    assertThat(t.get("mask").dataType()).isEqualTo(DataType.BOOL);
    assertThat(t.get("mask").data().get(0)).isEqualTo((byte) 1);
    assertThat(t.get("words").dataType()).isEqualTo(DataType.STRING);
    assertThat(t.get("words").strings()).extracting(String::new).containsExactly("a", "bc");
    assertThat(t.get("empty").dims()).containsExactly(0);
    assertThat(t.get("rows").dims()).containsExactly(2, 0);
    assertThat(t.get("scale").dims()).isEmpty();
    assertThat(t.get("scale").toFloatArray()).containsExactly(0.7f);
    assertThat(t.get("n").toLongArray()).containsExactly(-3);
    assertThat(t.get("flag").dataType()).isEqualTo(DataType.BOOL);
    assertThat(t.get("x").name()).isEqualTo("x");
  }

  @Test
  void declaredTypesDecideUntypedValues() {
    Map<String, Tensor> t = JsonInputs.parse("{\"x\": [1, 2, \"NaN\", \"-Infinity\"], \"ids\": [[1, 2]], \"m\": [0, 1]}",
        "in.json", Map.of("x", DataType.FLOAT, "ids", DataType.INT32, "m", DataType.BOOL));
    float[] x = t.get("x").toFloatArray();
    assertThat(x[0]).isEqualTo(1f);
    assertThat(x[2]).isNaN();
    assertThat(x[3]).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(t.get("ids").dataType()).isEqualTo(DataType.INT32);
    assertThat(t.get("ids").toLongArray()).containsExactly(1, 2);
    assertThat(t.get("m").dataType()).isEqualTo(DataType.BOOL);
  }

  @Test
  void typedObjectsGiveEveryType() {
    assertThat(typed("float32", "[1.5, -2]").toFloatArray()).containsExactly(1.5f, -2f);
    assertThat(typed("float", "[1, 2]").dataType()).isEqualTo(DataType.FLOAT);
    assertThat(typed("float64", "[0.1, 2]").data().order(ByteOrder.LITTLE_ENDIAN).getDouble(0)).isEqualTo(0.1);
    assertThat(typed("double", "[1, 2]").dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(typed("float16", "[1, -2]").data().getShort(0)).isEqualTo((short) 0x3c00);
    assertThat(typed("bfloat16", "[1, -2]").data().getShort(0)).isEqualTo((short) 0x3f80);
    assertThat(typed("int8", "[-128, 127]").data().get(0)).isEqualTo((byte) -128);
    assertThat(typed("uint8", "[255, 0]").data().get(0)).isEqualTo((byte) -1);
    assertThat(typed("int16", "[-32768, 1]").data().getShort(0)).isEqualTo(Short.MIN_VALUE);
    assertThat(typed("uint16", "[65535, 1]").data().getShort(0)).isEqualTo((short) -1);
    assertThat(typed("int32", "[-2147483648, 1]").toLongArray()).containsExactly(Integer.MIN_VALUE, 1);
    assertThat(typed("uint32", "[4294967295, 1]").data().getInt(0)).isEqualTo(-1);
    assertThat(typed("int64", "[-9223372036854775808, 9223372036854775807]").toLongArray())
        .containsExactly(Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(typed("uint64", "[18446744073709551615, 1.0]").data().getLong(0)).isEqualTo(-1L);
    assertThat(typed("bool", "[true, 0]").data().get(0)).isEqualTo((byte) 1);
    assertThat(typed("string", "[\"\\u00e9\", \"\"]").strings().get(0)).isEqualTo("é".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    Tensor t = JsonInputs.parse("{\"x\": {\"dtype\": \"int32\", \"shape\": [2, 1, 3], \"data\": [1, 2, 3, 4, 5, 6]}}",
        "in.json", Map.of("x", DataType.FLOAT)).get("x");
    assertThat(t.dataType()).as("the typed object wins over the declared type").isEqualTo(DataType.INT32);
    assertThat(t.dims()).containsExactly(2, 1, 3);
    Tensor scalar = parse("{\"s\": {\"dtype\": \"float32\", \"shape\": [], \"data\": [4]}}").get("s");
    assertThat(scalar.dims()).isEmpty();
  }

  @Test
  void readsAFile() throws IOException {
    Path file = dir.resolve("inputs.json");
    Files.writeString(file, "\uFEFF{\"x\": [[1.0, 2.0]]}\n");
    assertThat(JsonInputs.read(file).get("x").dims()).containsExactly(1, 2);
    Files.write(file, new byte[] {'{', (byte) 0xff, '}'});
    assertThatThrownBy(() -> JsonInputs.read(file)).isInstanceOf(InputDataException.class)
        .hasMessageStartingWith(file.toString()).hasMessageContaining("UTF-8");
  }

  @Test
  void invalidJsonIsRefusedWithItsPosition() {
    refused("{\"x\": [1, 2,]}", "invalid JSON at line 1, column 13: Unexpected character (']'");
    refused("{\"x\": [1,\n 2", "line 2, column 3: Unexpected end-of-input: expected close marker for Array (opened at line 1, column 7)");
    refused("{'x': [1]}", "line 1, column 2: Unexpected character (''' (code 39)): was expecting double-quote");
    refused("{\"x\": [NaN]}", "line 1, column 11: Non-standard token 'NaN'");
    refused("{\"x\": [01]}", "Leading zeroes not allowed");
    refused("{\"x\": [1.]}", "Decimal point not followed by a digit");
    refused("{\"x\": [1e]}", "Exponent indicator not followed by a digit");
    refused("{\"x\": \"a\tb\"}", "CTRL-CHAR, code 9");
    refused("{\"x\": \"\\q\"}", "Unrecognized character escape 'q'");
    refused("{\"x\": [1]} extra", "line 1, column 12: Unrecognized token 'extra'");
    refused("{\"x\": [1]} [2]", "Trailing token");
    refused("{\"x\": [1], \"x\": [2]}", "line 1, column 15: Duplicate field 'x'");
    refused("", "the text holds no value");
    refused("[".repeat(300), "nesting depth (257) exceeds the maximum allowed (256)");
    refused("[1, 2]", "must be an object mapping input names");
    refused("{}", "names no inputs");
  }

  @Test
  void invalidJsonIsOneLineWithoutJacksonSettings() {
    assertThatThrownBy(() -> parse("{\"x\": [NaN]}")).isInstanceOf(InputDataException.class)
        .hasMessageNotContaining("\n").hasMessageNotContaining("JsonReadFeature").hasMessageNotContaining("Source:");
    assertThatThrownBy(() -> parse("{\"x\": [1,\n 2")).isInstanceOf(InputDataException.class)
        .hasMessageNotContaining("\n").hasMessageNotContaining("Source:");
  }

  @Test
  void raggedMixedAndNullValuesAreRefused() {
    refused("{\"x\": [[1, 2], [3]]}", "input 'x': ragged array: element [1] has 1 elements where the first has 2");
    refused("{\"x\": [[1, 2], 3]}", "ragged array: element [1] is a number");
    refused("{\"x\": [1, [2]]}", "ragged array: element [1] is an array");
    refused("{\"x\": [[[1], [2]], [[3], [4, 5]]]}", "element [1][1] has 2 elements");
    refused("{\"x\": [1, true]}", "mix booleans, numbers");
    refused("{\"x\": [1, \"a\"]}", "mix numbers, strings");
    refused("{\"x\": null}", "null is not a value");
    refused("{\"x\": [1, null]}", "element [1] is null");
  }

  @Test
  void typedObjectsAreChecked() {
    refused("{\"x\": {\"dtype\": \"float32\", \"data\": [1]}}", "exactly the keys");
    refused("{\"x\": {\"dtype\": \"float32\", \"shape\": [1], \"data\": [1], \"y\": 1}}", "exactly the keys");
    refused("{\"x\": {\"dtype\": \"float128\", \"shape\": [1], \"data\": [1]}}", "unknown dtype \"float128\"");
    refused("{\"x\": {\"dtype\": 1, \"shape\": [1], \"data\": [1]}}", "\"dtype\" is a number");
    refused("{\"x\": {\"dtype\": \"int8\", \"shape\": [-1], \"data\": [1]}}", "not a non-negative integer");
    refused("{\"x\": {\"dtype\": \"int8\", \"shape\": 2, \"data\": [1]}}", "\"shape\" is a number");
    refused("{\"x\": {\"dtype\": \"int8\", \"shape\": [2, 2], \"data\": [1, 2, 3]}}", "[2, 2] has 4 elements but \"data\" holds 3");
    refused("{\"x\": {\"dtype\": \"int8\", \"shape\": [2, 1], \"data\": [[1], [2]]}}", "\"data\" is a flat array");
    refused("{\"x\": {\"dtype\": \"int8\", \"shape\": [1], \"data\": 1}}", "\"data\" is a number");
  }

  @Test
  void valuesMustFitTheirType() {
    refused(typedJson("int8", "[128]"), "element 0 (128) is out of range for int8");
    refused(typedJson("uint8", "[-1]"), "out of range for uint8");
    refused(typedJson("uint64", "[18446744073709551616]"), "out of range for uint64");
    refused(typedJson("int64", "[1e999999999]"), "out of range for int64");
    refused(typedJson("int32", "[1.5]"), "(1.5) is not an integer");
    refused(typedJson("int32", "[1e-999999999]"), "is not an integer");
    refused(typedJson("int32", "[true]"), "element 0 is a boolean (true), expected an integer");
    refused(typedJson("float32", "[1e39]"), "out of range for float32");
    refused(typedJson("float64", "[1e999]"), "out of range for float64");
    refused(typedJson("float16", "[70000]"), "out of range for float16");
    refused(typedJson("float32", "[\"one\"]"), "expected a number");
    refused(typedJson("bool", "[2]"), "expected true or false");
    refused(typedJson("string", "[1]"), "expected a string");
    assertThatThrownBy(() -> JsonInputs.parse("{\"x\": [1]}", "in.json", Map.of("x", DataType.COMPLEX64)))
        .isInstanceOf(InputDataException.class).hasMessageContaining("complex64 data cannot be given in JSON");
  }

  private static Tensor typed(String dtype, String data) {
    return parse(typedJson(dtype, data)).get("x");
  }

  /** A typed object for input x; data is a flat array literal without commas inside its elements. */
  private static String typedJson(String dtype, String data) {
    int count = data.strip().equals("[]") ? 0 : data.split(",").length;
    return "{\"x\": {\"dtype\": \"" + dtype + "\", \"shape\": [" + count + "], \"data\": " + data + "}}";
  }

  private static Map<String, Tensor> parse(String json) {
    return JsonInputs.parse(json, "in.json", Map.of());
  }

  private static void refused(String json, String message) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(InputDataException.class)
        .hasMessageStartingWith("in.json")
        .hasMessageContaining(message);
  }
}
