package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Element types the parser has (reference A.2): FLOAT, FLOAT16, INT32, INT64, BOOL, INT8 (Q/DQ),
 * and from 9.0 also BFLOAT16, FP8 E4M3FN and INT4. DOUBLE is cast down to FLOAT with clamping
 * (warning). UINT8 is allowed only as a graph input or output. Everything else (INT16, UINT16,
 * UINT32, UINT64, STRING, complex, the other float8/4/6 and 2-bit types) is refused.
 */
final class DataTypeRule implements TrtRule {
  private static final Set<DataType> SUPPORTED_8_6 = EnumSet.of(DataType.FLOAT, DataType.FLOAT16, DataType.INT32,
      DataType.INT64, DataType.BOOL, DataType.INT8, DataType.UINT8, DataType.DOUBLE);
  private static final Set<DataType> ADDED_LATER = EnumSet.of(DataType.BFLOAT16, DataType.FLOAT8E4M3FN, DataType.INT4);

  @Override
  public String id() {
    return "trt-dtype";
  }

  @Override
  public String description() {
    return "element types the parser supports";
  }

  @Override
  public void check(Model model, TrtVersion version, List<Finding> out) {
    Graph main = model.graph();
    for (Graph g : main.allGraphs()) {
      List<Value> values = new ArrayList<>(g.inputs());
      values.addAll(g.initializers());
      for (Node n : g) {
        values.addAll(n.outputs());
      }
      for (Value v : values) {
        if (v.name().isEmpty() || (g.inputs().contains(v) && v.isInitializer())) {
          continue;
        }
        v.dataType().ifPresent(t -> checkType(v, t, g == main && isInterface(main, v), version, out));
      }
    }
  }

  private static boolean isInterface(Graph main, Value v) {
    return main.inputs().contains(v) || v.isGraphOutput();
  }

  private void checkType(Value v, DataType t, boolean graphInterface, TrtVersion version, List<Finding> out) {
    boolean supported = SUPPORTED_8_6.contains(t) || (version != TrtVersion.V8_6 && ADDED_LATER.contains(t));
    String where = v.producer() != null ? v.producer().describe() : "";
    if (!supported) {
      out.add(Finding.of(id(), Finding.Severity.ERROR, where, v.name(), "'" + v.name() + "' is "
          + t.displayName() + ", which TensorRT " + version.label() + " does not support",
          t == DataType.BFLOAT16 ? "use FLOAT16 or FLOAT, or target TensorRT 10"
              : "cast to a supported type (FLOAT, INT32) where it is produced"));
    } else if (t == DataType.DOUBLE) {
      out.add(Finding.of(id(), Finding.Severity.WARNING, where, v.name(), "'" + v.name()
          + "' is DOUBLE; the parser casts it to FLOAT and clamps it to +-FLT_MAX",
          "convert DOUBLE constants and casts to FLOAT"));
    } else if (t == DataType.UINT8 && !graphInterface) {
      out.add(Finding.of(id(), Finding.Severity.ERROR, where, v.name(), "'" + v.name()
          + "' is UINT8 inside the network; UINT8 is allowed only as a network input or output",
          "cast to FLOAT right after the input (or before the output)"));
    }
  }
}
