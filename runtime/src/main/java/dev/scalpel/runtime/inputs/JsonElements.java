package dev.scalpel.runtime.inputs;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.tensor.DenseTensor;
import dev.scalpel.graph.tensor.HalfFloats;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a flat list of JSON scalars into a tensor of a given element type, refusing values that
 * the type cannot hold exactly in kind or range: fractions or out-of-range integers for integer
 * types, finite numbers that overflow a float type, anything but {@code true}/{@code false} or 0/1
 * for bool. Float types also take the strings {@code "NaN"}, {@code "Infinity"}, {@code
 * "-Infinity"} and {@code "-0.0"}, which JSON has no literal for (or, for negative zero, none whose
 * sign survives the decimal read). {@link #writeData} is the reverse, tensor to JSON array.
 */
final class JsonElements {
  /** The element types JSON data can be given in. */
  static final Set<DataType> SUPPORTED = Set.of(DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16, DataType.BFLOAT16,
      DataType.INT8, DataType.INT16, DataType.INT32, DataType.INT64, DataType.UINT8, DataType.UINT16,
      DataType.UINT32, DataType.UINT64, DataType.BOOL, DataType.STRING);

  private JsonElements() {}

  /**
   * @param where names the input for messages, such as {@code "inputs.json, input 'x'"}
   * @throws InputDataException if a value does not fit the type or the type is not supported
   */
  static DenseTensor toTensor(String name, DataType type, long[] shape, List<JsonNode> values, String where) {
    if (!SUPPORTED.contains(type)) {
      throw new InputDataException(where + ": " + type.displayName() + " data cannot be given in JSON; use .npy or .pb");
    }
    if (type == DataType.STRING) {
      List<byte[]> strings = new ArrayList<>(values.size());
      for (int i = 0; i < values.size(); i++) {
        if (!values.get(i).isTextual()) {
          throw wrongKind(where, i, values.get(i), "a string");
        }
        strings.add(values.get(i).textValue().getBytes(StandardCharsets.UTF_8));
      }
      return DenseTensor.ofStrings(name, shape, strings);
    }
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(type.byteSize(values.size()))).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.size(); i++) {
      put(b, type, values.get(i), where, i);
    }
    b.flip();
    return DenseTensor.wrap(name, type, shape, b);
  }

  private static void put(ByteBuffer b, DataType type, JsonNode v, String where, int index) {
    switch (type) {
      case FLOAT -> b.putFloat(narrowFloat(v, where, index));
      case DOUBLE -> b.putDouble(toDouble(v, where, index, "float64"));
      case FLOAT16 -> b.putShort(checkedHalf(v, where, index, HalfFloats.floatToHalf(narrowFloat(v, where, index)), "float16"));
      case BFLOAT16 -> b.putShort(HalfFloats.floatToBfloat16(narrowFloat(v, where, index)));
      case BOOL -> b.put(toBool(v, where, index));
      case INT8 -> b.put((byte) toInteger(v, where, index, type, -128, 127).longValue());
      case UINT8 -> b.put((byte) toInteger(v, where, index, type, 0, 255).longValue());
      case INT16 -> b.putShort((short) toInteger(v, where, index, type, Short.MIN_VALUE, Short.MAX_VALUE).longValue());
      case UINT16 -> b.putShort((short) toInteger(v, where, index, type, 0, 65535).longValue());
      case INT32 -> b.putInt((int) toInteger(v, where, index, type, Integer.MIN_VALUE, Integer.MAX_VALUE).longValue());
      case UINT32 -> b.putInt((int) toInteger(v, where, index, type, 0, 0xffffffffL).longValue());
      case INT64 -> b.putLong(toInteger(v, where, index, type, Long.MIN_VALUE, Long.MAX_VALUE).longValue());
      case UINT64 -> b.putLong(toInteger(v, where, index, type, BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)).longValue());
      default -> throw new IllegalStateException(type.toString());
    }
  }

  /**
   * Writes the tensor's elements as a flat JSON array in row-major order, each as text that
   * {@link #toTensor} reads back to the same bits (NaN payloads aside): floating-point values as
   * the decimal of their exact double value, non-finite ones and negative zero as the strings
   * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, {@code "-0.0"}; unsigned 64-bit values
   * as their unsigned decimal; booleans as {@code true}/{@code false}.
   *
   * @throws IllegalArgumentException if the type is not one JSON data can be given in
   */
  static void writeData(Tensor tensor, JsonGenerator json) throws IOException {
    DataType type = tensor.dataType();
    if (!SUPPORTED.contains(type)) {
      throw new IllegalArgumentException(type.displayName() + " tensors cannot be saved as JSON; save as .npz");
    }
    json.writeStartArray();
    if (type == DataType.STRING) {
      for (byte[] s : tensor.strings()) {
        json.writeString(new String(s, StandardCharsets.UTF_8));
      }
      json.writeEndArray();
      return;
    }
    ByteBuffer b = tensor.data().slice().order(ByteOrder.LITTLE_ENDIAN);
    long count = tensor.elementCount();
    for (long i = 0; i < count; i++) {
      switch (type) {
        case FLOAT -> writeFloat(json, b.getFloat());
        case DOUBLE -> writeFloat(json, b.getDouble());
        case FLOAT16 -> writeFloat(json, HalfFloats.halfToFloat(b.getShort()));
        case BFLOAT16 -> writeFloat(json, HalfFloats.bfloat16ToFloat(b.getShort()));
        case BOOL -> json.writeBoolean(b.get() != 0);
        case INT8 -> json.writeNumber(b.get());
        case UINT8 -> json.writeNumber(b.get() & 0xff);
        case INT16 -> json.writeNumber(b.getShort());
        case UINT16 -> json.writeNumber(b.getShort() & 0xffff);
        case INT32 -> json.writeNumber(b.getInt());
        case UINT32 -> json.writeNumber(b.getInt() & 0xffffffffL);
        case INT64 -> json.writeNumber(b.getLong());
        case UINT64 -> json.writeNumber(Long.toUnsignedString(b.getLong()));
        default -> throw new IllegalStateException(type.toString());
      }
    }
    json.writeEndArray();
  }

  private static void writeFloat(JsonGenerator json, double v) throws IOException {
    if (Double.isNaN(v)) {
      json.writeString("NaN");
    } else if (Double.isInfinite(v)) {
      json.writeString(v > 0 ? "Infinity" : "-Infinity");
    } else if (v == 0 && Double.doubleToRawLongBits(v) != 0) {
      json.writeString("-0.0");
    } else {
      // NOTE: the double's own shortest text, even for float32: it parses back to exactly this
      // double, which narrows exactly; a float's shortest text could round differently via double.
      json.writeNumber(Double.toString(v));
    }
  }

  private static float narrowFloat(JsonNode v, String where, int index) {
    double d = toDouble(v, where, index, "float32");
    float f = (float) d;
    if (Float.isInfinite(f) && !Double.isInfinite(d)) {
      throw new InputDataException(where + ": element " + index + " (" + text(v) + ") is out of range for float32");
    }
    return f;
  }

  private static short checkedHalf(JsonNode v, String where, int index, short bits, String type) {
    // NOTE: rounds through float32 first; the double rounding this allows is far below tolerances.
    if ((bits & 0x7fff) == 0x7c00 && !Double.isInfinite(toDouble(v, where, index, type))) {
      throw new InputDataException(where + ": element " + index + " (" + text(v) + ") is out of range for " + type);
    }
    return bits;
  }

  private static double toDouble(JsonNode v, String where, int index, String type) {
    if (v.isNumber()) {
      // NOTE: BigDecimal/BigInteger to double rounds correctly; huge literals become infinite.
      double d = v.doubleValue();
      if (Double.isInfinite(d)) {
        throw new InputDataException(where + ": element " + index + " (" + text(v) + ") is out of range for " + type);
      }
      return d;
    }
    if (v.isTextual()) {
      switch (v.textValue()) {
        case "-0.0", "-0":
          // NOTE: a number -0.0 reads as zero without its sign (numbers go through BigDecimal),
          // so writeData writes negative zero as this string.
          return -0.0;
        case "NaN", "nan":
          return Double.NaN;
        case "Infinity", "inf":
          return Double.POSITIVE_INFINITY;
        case "-Infinity", "-inf":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw wrongKind(where, index, v, "a number (or \"NaN\", \"Infinity\", \"-Infinity\")");
  }

  private static byte toBool(JsonNode v, String where, int index) {
    if (v.isBoolean()) {
      return (byte) (v.booleanValue() ? 1 : 0);
    }
    if (v.isIntegralNumber() && v.canConvertToInt() && (v.intValue() == 0 || v.intValue() == 1)) {
      return (byte) v.intValue();
    }
    throw wrongKind(where, index, v, "true or false (or 0 or 1)");
  }

  private static BigInteger toInteger(JsonNode v, String where, int index, DataType type, long min, long max) {
    return toInteger(v, where, index, type, BigInteger.valueOf(min), BigInteger.valueOf(max));
  }

  private static BigInteger toInteger(JsonNode v, String where, int index, DataType type, BigInteger min, BigInteger max) {
    if (!v.isNumber()) {
      throw wrongKind(where, index, v, "an integer");
    }
    // NOTE: stripped and bounded before any conversion so that 1e999999999 or 1e-999999999 never
    // expands into a billion digits.
    BigDecimal d = v.decimalValue().stripTrailingZeros();
    if (d.scale() > 0) {
      throw new InputDataException(where + ": element " + index + " (" + text(v) + ") is not an integer, as "
          + type.displayName() + " needs");
    }
    if (d.precision() - d.scale() > 21) {
      throw new InputDataException(where + ": element " + index + " (" + text(v) + ") is out of range for " + type.displayName());
    }
    BigInteger i = d.toBigIntegerExact();
    if (i.compareTo(min) < 0 || i.compareTo(max) > 0) {
      throw new InputDataException(where + ": element " + index + " (" + text(v) + ") is out of range for " + type.displayName());
    }
    return i;
  }

  private static InputDataException wrongKind(String where, int index, JsonNode v, String wanted) {
    return new InputDataException(where + ": element " + index + " is " + StrictJson.kind(v) + " (" + text(v) + "), expected " + wanted);
  }

  private static String text(JsonNode v) {
    if (v.isNumber()) {
      return v.isBigDecimal() ? v.decimalValue().toString() : v.asText();
    }
    if (v.isTextual()) {
      return "\"" + v.textValue() + "\"";
    }
    if (v.isBoolean()) {
      return Boolean.toString(v.booleanValue());
    }
    return StrictJson.kind(v);
  }
}
