package dev.scalpel.runtime;

import dev.scalpel.graph.DataType;
import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Model;
import dev.scalpel.graph.Node;
import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.Value;
import dev.scalpel.graph.ValueType;
import dev.scalpel.opset.infer.SymExpr;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The memory one run of a model needs at given sizes of its dynamic dims, predicted before
 * anything runs: its inputs ({@link DimPlan#inputBytes}) plus the peak of the values its main graph
 * computes, each live from its producer to its last reader in node order (graph outputs to the
 * end), as far as shape inference knows their sizes at those sizes. Weights are not counted (the
 * model is loaded whatever the sizes), nor values whose size depends on data.
 *
 * <p>NOTE: ONNX Runtime allocates the values in native memory, which the JVM's -Xmx does not bound
 * (a 100-byte model whose Expand produces 8 GiB took 8.7 GB of resident memory); the outputs are
 * then copied to the heap. The prediction is checked against {@link CheckOptions#maxCheckBytes()}
 * before the run. Liveness, not the sum of all values: ONNX Runtime's allocation planner frees a
 * value after its last reader, and the sum would refuse ordinary detectors at modest sizes.
 *
 * <p>Invariant: immutable; the model is not changed (inference runs on a copy).
 */
public final class CheckFootprint {
  /**
   * A value's element type, its dims over inference names (a null dim is unknown), the index of
   * its producer and of its last reader in node order.
   */
  private record Sized(DataType type, List<SymExpr> dims, int producer, int lastUse) {}

  private final List<Sized> values;
  /** Plan symbol → the name inference used for it. */
  private final Map<String, String> nameBySymbol;

  private CheckFootprint(List<Sized> values, Map<String, String> nameBySymbol) {
    this.values = List.copyOf(values);
    this.nameBySymbol = Map.copyOf(nameBySymbol);
  }

  /** The footprint of {@code model}'s runs, from one shape inference over its plan symbols. */
  public static CheckFootprint of(Model model) {
    return of(PlanInference.of(model));
  }

  /** The footprint from {@code inference} (shared with {@link DimConditions}). */
  static CheckFootprint of(PlanInference inference) {
    Model copy = inference.inferred();
    List<Node> order = new ArrayList<>();
    copy.graph().forEach(order::add);
    Map<Node, Integer> index = new java.util.IdentityHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      index.put(order.get(i), i);
    }
    List<Sized> values = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      for (Value v : order.get(i).outputs()) {
        if (v == null || !(v.type() instanceof ValueType.TensorType t) || t.shape() == null
            || !t.elementType().hasFixedWidth()) {
          continue;
        }
        Shape s = t.shape();
        List<SymExpr> dims = new ArrayList<>();
        for (int axis = 0; axis < s.rank(); axis++) {
          Dim d = s.dim(axis);
          dims.add(SymExpr.of(d).orElse(null));
        }
        values.add(new Sized(t.elementType(), dims, i, lastUse(v, i, index)));
      }
    }
    return new CheckFootprint(values, inference.nameBySymbol());
  }

  /** The index of the last node in {@code index} that reads {@code v}; MAX_VALUE for a graph output or a reader elsewhere. */
  private static int lastUse(Value v, int producer, Map<Node, Integer> index) {
    if (v.isGraphOutput()) {
      return Integer.MAX_VALUE;
    }
    int last = producer;
    for (Node reader : v.consumers()) {
      Integer at = index.get(reader);
      if (at == null) {
        return Integer.MAX_VALUE; // read inside a subgraph: live until the end, to be safe
      }
      last = Math.max(last, at);
    }
    return last;
  }

  /**
   * The predicted peak bytes of the values live at once at {@code assignment} (plan symbol →
   * size); values of unknown size count 0. Long.MAX_VALUE when the count overflows.
   */
  public long valueBytes(Map<String, Long> assignment) {
    Map<String, Long> byName = new LinkedHashMap<>();
    assignment.forEach((symbol, size) -> byName.put(nameBySymbol.getOrDefault(symbol, symbol), size));
    java.util.TreeMap<Integer, Long> delta = new java.util.TreeMap<>();
    try {
      for (Sized v : values) {
        Optional<Long> count = elements(v.dims(), byName);
        if (count.isPresent()) {
          long bytes = v.type().byteSize(count.get());
          delta.merge(v.producer(), bytes, Math::addExact);
          if (v.lastUse() != Integer.MAX_VALUE) {
            delta.merge(v.lastUse() + 1, -bytes, Math::addExact);
          }
        }
      }
      long live = 0;
      long peak = 0;
      for (long d : delta.values()) {
        live = Math.addExact(live, d);
        peak = Math.max(peak, live);
      }
      return peak;
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * The predicted bytes of the largest run of {@code plan}: its largest inputs plus its largest
   * values. Long.MAX_VALUE when the count overflows.
   */
  public long bytes(DimPlan plan, List<InputSpec> specs, Map<String, Tensor> userInputs) {
    long values = 0;
    for (int r = 0; r < plan.runs(); r++) {
      values = Math.max(values, valueBytes(plan.assignment(r)));
    }
    long inputs = plan.inputBytes(specs, userInputs);
    return inputs > Long.MAX_VALUE - values ? Long.MAX_VALUE : inputs + values;
  }

  private static Optional<Long> elements(List<SymExpr> dims, Map<String, Long> byName) {
    long count = 1;
    for (SymExpr d : dims) {
      if (d == null) {
        return Optional.empty();
      }
      java.util.OptionalLong size = d.evaluate(byName);
      if (size.isEmpty() || size.getAsLong() < 0) {
        return Optional.empty();
      }
      count = Math.multiplyExact(count, size.getAsLong());
    }
    return Optional.of(count);
  }

  /**
   * The default of {@link CheckOptions#maxCheckBytes()}: a quarter of the physical memory free now,
   * and at most a quarter of the JVM's heap limit.
   *
   * <p>NOTE: a quarter of free memory leaves room for the two models' weights and ONNX Runtime's
   * own buffers; a quarter of the heap because the heap holds each run's inputs and both models'
   * outputs (a subset of the values counted), for two runs per dim plan.
   */
  public static long defaultBudget() {
    long heap = Runtime.getRuntime().maxMemory() / 4;
    long f = freePhysicalMemory();
    long free = f > 0 ? f / 4 : Long.MAX_VALUE;
    return Math.max(1, Math.min(heap, free));
  }

  /**
   * The physical memory free now, or 0 when the runtime cannot tell.
   *
   * <p>NOTE: the free-memory reading comes from the {@code jdk.management} module, which a jlink'ed
   * runtime may leave out; the class then fails to link ({@link LinkageError}) and the heap
   * quarter alone bounds the check, rather than the command dying with NoClassDefFoundError.
   */
  static long freePhysicalMemory() {
    try {
      if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
        return Math.max(0, os.getFreeMemorySize());
      }
    } catch (LinkageError e) {
      return 0;
    }
    return 0;
  }
}
