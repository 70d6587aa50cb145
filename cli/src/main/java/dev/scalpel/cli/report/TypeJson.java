package dev.scalpel.cli.report;

import dev.scalpel.graph.ValueType;

/**
 * How the JSON reports write a value's type, one schema for all of them: {@code type} as {@link
 * TypeNotation} prints it, {@code elementType} (its NumPy or ONNX name), and {@code shape} (a list
 * of numbers for static dims, strings for symbolic ones, null for unknown ones; null for an unknown
 * rank). {@code elementType} and {@code shape} are null for a value that is not a tensor or has no
 * known type.
 */
final class TypeJson {
  private TypeJson() {}

  /** Writes the members {@code type}, {@code elementType} and {@code shape} into the open object. */
  static void members(ValueType type, JsonWriter json) {
    json.member("type", TypeNotation.format(type));
    if (type instanceof ValueType.TensorType t) {
      json.member("elementType", TypeNotation.elementType(t.elementType()));
      if (t.shape() == null) {
        json.name("shape").nullValue();
      } else {
        json.name("shape").beginArray();
        for (Object d : TypeNotation.dims(t.shape())) {
          if (d instanceof Long n) {
            json.value(n);
          } else if (d == null) {
            json.nullValue();
          } else {
            json.value((String) d);
          }
        }
        json.endArray();
      }
    } else {
      json.name("elementType").nullValue();
      json.name("shape").nullValue();
    }
  }
}
