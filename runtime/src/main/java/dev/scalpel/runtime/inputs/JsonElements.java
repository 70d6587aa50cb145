package dev.scalpel.runtime.inputs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalpel.graph.tensor.HalfFloats;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.tensor.DenseTensor;
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
 * for bool. Float types also take the strings {@code "NaN"}, {@code "Infinity"} and {@code
 * "-Infinity"}, which JSON has no literal for.
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
