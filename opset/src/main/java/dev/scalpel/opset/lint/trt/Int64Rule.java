package dev.scalpel.opset.lint.trt;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Finding;
import dev.scalpel.graph.Graph;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * INT64 handling (reference A.3). TensorRT 8.6 has no INT64: it casts INT64 weights down to INT32
 * with a warning, clamping values outside the INT32 range (harmless only for Slice's INT64_MAX
 * style sentinels), and binds INT64 inputs and outputs as INT32. From 9.0, INT64 is native and
 * INT64 inputs and outputs need INT64 bindings.
 */
final class Int64Rule implements TrtRule {
  @Override
  public String id() {
    return "trt-int64";
  }

  @Override
  public String description() {
    return "INT64 weights and bindings";
  }

  @Override
  public void check(Model model, TrtVersion version, List<Finding> out) {
    Graph g = model.graph();
    List<Value> io = new ArrayList<>(g.inputs());
    io.addAll(g.outputs());
    for (Value v : io) {
      if (v.dataType().orElse(null) == DataType.INT64 && !v.isInitializer()) {
        out.add(Finding.of(id(), Finding.Severity.INFO, "", v.name(), version.nativeInt64()
            ? "'" + v.name() + "' is INT64: TensorRT " + version.label() + " needs an INT64 binding for it"
            : "'" + v.name() + "' is INT64: TensorRT 8.6 binds it as INT32", "prefer INT32 or FLOAT network inputs and outputs"));
      }
    }
    if (version.nativeInt64()) {
      return;
    }
    int castDown = 0;
    for (Value v : g.initializers()) {
      Tensor t = v.initializer().orElse(null);
      if (t == null || t.dataType() != DataType.INT64 || (t.isExternal() && t.elementCount() > 1 << 20)) {
        continue;
      }
      if (Int32Range.fits(t)) {
        castDown++;
      } else if (Int32Range.onlySliceBounds(v)) {
        out.add(Finding.of(id(), Finding.Severity.INFO, "", v.name(), "INT64 Slice bounds '" + v.name()
            + "' are clamped to INT32 by the parser, which keeps their meaning", "none needed; --fix clamps them"));
      } else {
        out.add(Finding.of(id(), Finding.Severity.WARNING, "", v.name(), "INT64 initializer '" + v.name()
            + "' holds values outside INT32, which TensorRT 8.6 clamps (a change of values)",
            "keep such data out of the engine, or target TensorRT 10"));
      }
    }
    if (castDown > 0) {
      out.add(Finding.of(id(), Finding.Severity.INFO, "", "", castDown + " INT64 initializer(s) will be cast down to "
          + "INT32 by the parser (it logs a warning)", "--fix stores as INT32 those whose consumers accept INT32 (shape, axes and pads inputs must stay INT64 by the ONNX schemas)"));
    }
  }
}
