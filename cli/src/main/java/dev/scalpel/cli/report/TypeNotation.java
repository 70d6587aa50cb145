package dev.scalpel.cli.report;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * How the CLI writes value types for people: element types as NumPy names ({@code float32},
 * {@code int64}), then the dims in brackets, symbolic dims by name and unknown ones as {@code ?}:
 * {@code float32[batch,3,224,224]}. A tensor of unknown rank is {@code float32[*]}, a scalar
 * {@code float32[]}, and a value without a declared type {@code ?}.
 */
public final class TypeNotation {
  private TypeNotation() {}

  public static String format(ValueType type) {
    if (type == null) {
      return "?";
    }
    if (type instanceof ValueType.TensorType t) {
      return elementType(t.elementType()) + shape(t.shape());
    }
    if (type instanceof ValueType.SparseTensorType t) {
      return "sparse " + elementType(t.elementType()) + shape(t.shape());
    }
    if (type instanceof ValueType.SequenceType t) {
      return "seq(" + format(t.elementType()) + ")";
    }
    if (type instanceof ValueType.OptionalType t) {
      return "optional(" + format(t.elementType()) + ")";
    }
    if (type instanceof ValueType.MapType t) {
      return "map(" + elementType(t.keyType()) + "," + format(t.valueType()) + ")";
    }
    return type.toString();
  }

  /** NumPy's name for the types NumPy has, ONNX's lower-case name for the others. */
  public static String elementType(DataType type) {
    switch (type) {
      case FLOAT:
        return "float32";
      case DOUBLE:
        return "float64";
      case FLOAT16:
        return "float16";
      case COMPLEX64:
        return "complex64";
      case COMPLEX128:
        return "complex128";
      default:
        return type.displayName();
    }
  }

  /** The dims as JSON-ready objects: Long for static, String for symbolic, null for unknown. */
  static List<Object> dims(Shape shape) {
    List<Object> out = new ArrayList<>(shape.rank());
    for (Dim d : shape.dims()) {
      if (d instanceof Dim.Static s) {
        out.add(s.value());
      } else if (d instanceof Dim.Symbolic s) {
        out.add(s.name());
      } else {
        out.add(null);
      }
    }
    return out;
  }

  private static String shape(Shape shape) {
    return shape == null ? "[*]" : shape.toString();
  }
}
