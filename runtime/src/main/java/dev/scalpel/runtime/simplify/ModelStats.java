package dev.scalpel.runtime.simplify;

import dev.scalpel.graph.Model;
import dev.scalpel.graph.io.OnnxWriter;
import dev.scalpel.graph.traverse.ModelSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sizes a simplification report compares: nodes, initializers, parameters, serialized bytes and
 * the node count of each operator. Counts cover the main graph and its subgraphs.
 *
 * @param nodes nodes of all graphs
 * @param initializers dense and sparse initializers of all graphs
 * @param parameters elements of all initializers
 * @param weightBytes bytes of initializer data, inline and external
 * @param modelBytes bytes of the serialized model with its data inline, or -1 when not measured
 *     (data over {@link #MAX_MEASURED_WEIGHT_BYTES})
 * @param operators node count per qualified operator name, most frequent first
 */
public record ModelStats(int nodes, int initializers, long parameters, long weightBytes, long modelBytes,
    Map<String, Integer> operators) {

  /** Models with more weight bytes than this are not serialized just to count their size. */
  public static final long MAX_MEASURED_WEIGHT_BYTES = 256L << 20;

  public ModelStats {
    operators = Collections.unmodifiableMap(new LinkedHashMap<>(operators));
  }

  /** Measures {@code model} as it is now. */
  public static ModelStats of(Model model) {
    ModelSummary s = ModelSummary.of(model);
    Map<String, Integer> ops = new LinkedHashMap<>();
    for (ModelSummary.OpCount c : s.operators()) {
      ops.merge(c.qualifiedName(), c.count(), Integer::sum);
    }
    long bytes = s.weightBytes() <= MAX_MEASURED_WEIGHT_BYTES ? serializedSize(model) : -1;
    return new ModelStats(s.totalNodeCount(), s.initializerCount(), s.parameterCount(), s.weightBytes(), bytes, ops);
  }

  private static long serializedSize(Model model) {
    CountingStream counter = new CountingStream();
    try {
      OnnxWriter.write(model, counter);
      return counter.count;
    } catch (IOException | RuntimeException e) {
      // NOTE: a size is a nicety of the report; a model that cannot be serialized here will
      // fail with a proper error when it is written.
      return -1;
    }
  }

  /** Counts bytes and keeps none. */
  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
