package dev.scalpel.passes.extract;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import dev.scalpel.passes.dims.DimSpecException;
import dev.scalpel.passes.dims.DimSpecParser;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tensor where the cut begins: it becomes a graph input of the extracted model. Its element type
 * and shape are those shape inference gives the tensor in the original, unless given here.
 *
 * @param name the tensor's name in the original's main graph
 * @param dataType the element type, or empty for the inferred one
 * @param shape the shape, or empty for the inferred one
 */
public record ExtractInput(String name, Optional<DataType> dataType, Optional<Shape> shape) {
  public ExtractInput {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataType, "dataType");
    Objects.requireNonNull(shape, "shape");
  }

  /** A cut at {@code name}, typed by inference. */
  public static ExtractInput named(String name) {
    return new ExtractInput(name, Optional.empty(), Optional.empty());
  }

  /** The list of cuts typed by inference. */
  public static List<ExtractInput> named(List<String> names) {
    return names.stream().map(ExtractInput::named).toList();
  }

  /**
   * Parses {@code NAME}, or {@code NAME:SHAPE:DTYPE} as Polygraphy writes it. SHAPE is {@code
   * [1,3,224,224]}, {@code 1x3x224x224} or {@code auto} (inferred); each dim a size, a symbol or
   * {@code ?}; {@code []} a scalar. DTYPE is an ONNX or NumPy name ({@code float32}, {@code
   * int64}) or {@code auto}. The last two {@code :}-separated fields are taken as SHAPE and DTYPE
   * only when there are at least two and the last one is a type name or {@code auto}, so names
   * with {@code :} in them ({@code input:0}) work.
   *
   * @throws DimSpecException if the shape does not parse
   */
  public static ExtractInput parse(String text) {
    int last = text.lastIndexOf(':');
    int middle = last <= 0 ? -1 : text.lastIndexOf(':', last - 1);
    if (middle <= 0) {
      return named(text);
    }
    String dtypeText = text.substring(last + 1).trim();
    Optional<DataType> dtype = DataType.fromName(dtypeText);
    if (dtype.isEmpty() && !dtypeText.equals("auto")) {
      return named(text);
    }
    String shapeText = text.substring(middle + 1, last).trim();
    return new ExtractInput(text.substring(0, middle), dtype, shape(shapeText, text));
  }

  private static Optional<Shape> shape(String shapeText, String whole) {
    if (shapeText.equals("auto")) {
      return Optional.empty();
    }
    String inner = shapeText;
    if (inner.startsWith("[") && inner.endsWith("]")) {
      inner = inner.substring(1, inner.length() - 1).trim();
      if (inner.isEmpty()) {
        return Optional.of(Shape.scalar());
      }
      // NOTE: inside brackets only commas separate dims, so a lone symbol may contain an x.
      return Optional.of(inner.contains(",") ? Shape.of(DimSpecParser.dims(inner, whole))
          : Shape.of(List.of(DimSpecParser.dim(inner, whole))));
    }
    if (inner.isEmpty()) {
      throw new DimSpecException("empty shape in '" + whole + "'; give [D0,D1,...], D0xD1x... or auto");
    }
    return Optional.of(Shape.of(DimSpecParser.dims(inner, whole)));
  }

  @Override
  public String toString() {
    return name + dataType.map(t -> ":" + shape.map(Shape::toString).orElse("auto") + ":" + t.displayName())
        .orElse(shape.map(s -> ":" + s + ":auto").orElse(""));
  }
}
