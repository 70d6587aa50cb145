package dev.scalpel.cli.report.html;

import dev.scalpel.cli.report.TypeNotation;
import dev.scalpel.graph.Attribute;
import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One attribute's value as the report shows it: numbers and lists as written, tensors as their type
 * and shape (and values, when at most {@value #MAX_SHOWN} integers or floats held in the model),
 * graphs by name and size. Long lists are cut after {@value #MAX_SHOWN} items.
 */
public final class AttributeText {
  static final int MAX_SHOWN = 16;

  private AttributeText() {}

  public static String of(Attribute a) {
    if (a instanceof Attribute.IntAttr x) {
      return Long.toString(x.value());
    } else if (a instanceof Attribute.FloatAttr x) {
      return Float.toString(x.value());
    } else if (a instanceof Attribute.StringAttr x) {
      return '"' + x.value() + '"';
    } else if (a instanceof Attribute.IntsAttr x) {
      return list(x.value());
    } else if (a instanceof Attribute.FloatsAttr x) {
      return list(x.value());
    } else if (a instanceof Attribute.StringsAttr x) {
      return list(x.value().stream().map(s -> '"' + s + '"').collect(Collectors.toList()));
    } else if (a instanceof Attribute.TensorAttr x) {
      return tensor(x.value());
    } else if (a instanceof Attribute.TensorsAttr x) {
      return list(x.value().stream().map(AttributeText::tensor).collect(Collectors.toList()));
    } else if (a instanceof Attribute.GraphAttr x) {
      return graph(x.value());
    } else if (a instanceof Attribute.GraphsAttr x) {
      return list(x.value().stream().map(AttributeText::graph).collect(Collectors.toList()));
    } else if (a instanceof Attribute.TypeAttr x) {
      return TypeNotation.format(x.value());
    } else if (a instanceof Attribute.SparseTensorAttr x) {
      return "sparse " + tensor(x.value().values());
    }
    return a.type().toString();
  }

  /** {@code float32[64,3]}, followed by the values of a small integer or float tensor held in the model. */
  public static String tensor(Tensor t) {
    String type = TypeNotation.elementType(t.dataType()) + Arrays.toString(t.dims()).replace(" ", "");
    if (t.isExternal() || t.elementCount() > MAX_SHOWN) {
      return type;
    }
    try {
      if (t.dataType() == DataType.INT64 || t.dataType() == DataType.INT32) {
        return type + " " + Arrays.toString(t.toLongArray()).replace(" ", "");
      }
      if (t.dataType() == DataType.FLOAT) {
        return type + " " + Arrays.toString(t.toFloatArray()).replace(" ", "");
      }
    } catch (RuntimeException e) {
      // NOTE: values are a courtesy; a tensor whose data cannot be read here is shown by type alone.
      return type;
    }
    return type;
  }

  private static String graph(Graph g) {
    return "graph " + (g.hasName() ? g.name() + " " : "") + "(" + g.nodeCount() + " nodes)";
  }

  private static String list(List<?> values) {
    String shown = values.stream().limit(MAX_SHOWN).map(String::valueOf).collect(Collectors.joining(","));
    return "[" + shown + (values.size() > MAX_SHOWN ? ",… " + values.size() + " in all" : "") + "]";
  }
}
