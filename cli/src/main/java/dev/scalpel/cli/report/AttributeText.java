package dev.scalpel.cli.report;

import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An attribute's value as one line of text, for {@code inspect --show attrs} and the HTML report's node details: numbers and strings as
 * written, lists in brackets, tensors summarised ({@code tensor int64[2] = [1, -1]} when at most
 * {@link #MAX_ELEMENTS} elements of an integer or float32 type, else type and size), subgraphs by
 * name and node count.
 */
public final class AttributeText {
  /** Tensors of at most this many elements are shown with their values. */
  static final int MAX_ELEMENTS = 8;

  private AttributeText() {}

  public static String format(Attribute a) {
    if (a instanceof Attribute.IntAttr i) {
      return Long.toString(i.value());
    }
    if (a instanceof Attribute.FloatAttr f) {
      return floatText(f.value());
    }
    if (a instanceof Attribute.StringAttr s) {
      return quoted(s.value());
    }
    if (a instanceof Attribute.IntsAttr i) {
      return i.value().toString();
    }
    if (a instanceof Attribute.FloatsAttr f) {
      return list(f.value().stream().map(AttributeText::floatText).toList());
    }
    if (a instanceof Attribute.StringsAttr s) {
      return list(s.value().stream().map(AttributeText::quoted).toList());
    }
    if (a instanceof Attribute.TensorAttr t) {
      return tensor(t.value());
    }
    if (a instanceof Attribute.TensorsAttr t) {
      return list(t.value().stream().map(AttributeText::tensor).toList());
    }
    if (a instanceof Attribute.GraphAttr g) {
      return graph(g.value());
    }
    if (a instanceof Attribute.GraphsAttr g) {
      return list(g.value().stream().map(AttributeText::graph).toList());
    }
    if (a instanceof Attribute.SparseTensorAttr s) {
      return "sparse tensor " + TypeNotation.elementType(s.value().values().dataType())
          + s.value().dims().toString().replace(" ", "");
    }
    if (a instanceof Attribute.TypeAttr t) {
      return "type " + TypeNotation.format(t.value());
    }
    if (a instanceof Attribute.TypesAttr t) {
      return list(t.value().stream().map(TypeNotation::format).toList());
    }
    return a.type().name().toLowerCase(Locale.ROOT);
  }

  public static String tensor(Tensor t) {
    String head = "tensor " + TypeNotation.elementType(t.dataType()) + dimsText(t.dims());
    long n = t.elementCount();
    if (n <= MAX_ELEMENTS) {
      switch (t.dataType()) {
        case INT64, INT32:
          List<String> ints = new ArrayList<>();
          for (long v : t.toLongArray()) {
            ints.add(Long.toString(v));
          }
          return head + " = " + list(ints);
        case FLOAT:
          List<String> floats = new ArrayList<>();
          for (float v : t.toFloatArray()) {
            floats.add(floatText(v));
          }
          return head + " = " + list(floats);
        default:
          break;
      }
    }
    return head + (t.dataType().hasFixedWidth() || t.dataType() == DataType.STRING
        ? " (" + byteSize(t.byteSize()) + ")" : "");
  }

  private static String byteSize(long bytes) {
    return bytes < 1024 ? bytes + " B" : dev.scalpel.cli.ByteCount.format(bytes);
  }

  private static String graph(Graph g) {
    return "graph '" + g.name() + "' (" + g.nodeCount() + (g.nodeCount() == 1 ? " node)" : " nodes)");
  }

  private static String dimsText(long[] dims) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < dims.length; i++) {
      b.append(i == 0 ? "" : ",").append(dims[i]);
    }
    return b.append(']').toString();
  }

  private static String floatText(float v) {
    return v == (long) v && Math.abs(v) < 1e15 ? Long.toString((long) v) : Float.toString(v);
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String list(List<String> items) {
    return "[" + String.join(", ", items) + "]";
  }
}
