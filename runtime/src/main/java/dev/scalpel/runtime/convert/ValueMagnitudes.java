package dev.scalpel.runtime.convert;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.passes.Analyses;
import dev.scalpel.runtime.CheckOptions;
import dev.scalpel.runtime.ModelSource;
import dev.scalpel.runtime.OrtRunner;
import dev.scalpel.runtime.ReferenceRuns;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How large the float32 values of a model's main graph grow when it runs: every float32 node
 * output becomes an extra output of a copy, the copy runs through ONNX Runtime as the check runs
 * the original ({@link ReferenceRuns}: same inputs, same dims), and the largest magnitude of each
 * value over all runs is kept (an infinity counts as infinite). What a float16 conversion reads to
 * keep values that would overflow out of float16 ({@link
 * dev.scalpel.passes.convert.Float16Converter.Options#largeValues()}).
 *
 * <p>Subgraph values are not measured (ONNX Runtime cannot expose them). The magnitudes are those
 * of the check's inputs; real inputs may go further, hence the margin of {@link #FLOAT16_LIMIT}.
 */
public final class ValueMagnitudes {
  /**
   * Magnitudes above this are too large for float16: a quarter of its largest finite value
   * (65504), leaving two binary orders of magnitude for inputs larger than the check's.
   */
  public static final double FLOAT16_LIMIT = 65504.0 / 4;

  private ValueMagnitudes() {}

  /** The largest magnitude of every float32 node output of the main graph, by value name. */
  public static Map<String, Double> measure(ModelSource original, CheckOptions options) {
    Model copy = original.model().deepCopy();
    new Analyses().shapes(copy);
    for (Node n : copy.graph()) {
      for (Value v : n.outputs()) {
        if (v != null && !v.name().isEmpty() && !v.isGraphOutput() && v.dataType().orElse(null) == DataType.FLOAT) {
          copy.graph().addOutput(v);
        }
      }
    }
    ReferenceRuns runs = ReferenceRuns.of(ModelSource.of(copy), options);
    Map<String, Double> largest = new LinkedHashMap<>();
    for (OrtRunner.RunResult r : runs.results()) {
      for (Map.Entry<String, Tensor> e : r.outputs().entrySet()) {
        if (e.getValue().dataType() == DataType.FLOAT) {
          largest.merge(e.getKey(), magnitude(e.getValue()), Math::max);
        }
      }
    }
    return largest;
  }

  /** The values of {@code magnitudes} above {@code limit}. */
  public static Map<String, Double> above(Map<String, Double> magnitudes, double limit) {
    Map<String, Double> out = new LinkedHashMap<>();
    magnitudes.forEach((k, v) -> {
      if (v > limit) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static double magnitude(Tensor t) {
    FloatBuffer f = t.data().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    double m = 0;
    for (int i = 0; i < f.remaining(); i++) {
      float x = f.get(i);
      if (!Float.isNaN(x)) {
        m = Math.max(m, Math.abs((double) x));
      }
    }
    return m;
  }
}
