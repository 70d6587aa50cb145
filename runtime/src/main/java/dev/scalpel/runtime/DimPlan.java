package dev.scalpel.runtime;

import dev.scalpel.graph.Dim;
import dev.scalpel.graph.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which value each dynamic dimension takes in each run.
 *
 * <p>Every dynamic dim of every input has a symbol: its name for a symbolic dim ({@code batch}),
 * and {@code input[axis]} (such as {@code x[0]}) for an unknown dim, which shares its value with no
 * other dim. A symbol takes the same value in all inputs within one run. The plan has as many runs
 * as the symbol with the most values; a symbol with fewer values cycles through them (run {@code
 * r} uses value {@code r mod n}). A plan without symbols has one run.
 *
 * <p>Invariants: immutable; every symbol has at least one value, every value is positive.
 */
public final class DimPlan {
  private final Map<String, List<Long>> values;
  private final int runs;

  /** A plan from symbol → values (in run order); iteration order of the map is kept. */
  public DimPlan(Map<String, List<Long>> values) {
    Map<String, List<Long>> copy = new LinkedHashMap<>();
    int max = 1;
    for (Map.Entry<String, List<Long>> e : values.entrySet()) {
      List<Long> vs = List.copyOf(e.getValue());
      if (vs.isEmpty()) {
        throw new IllegalArgumentException("dim '" + e.getKey() + "' has no values");
      }
      for (long v : vs) {
        if (v <= 0) {
          throw new IllegalArgumentException("dim '" + e.getKey() + "' = " + v + ": sizes must be positive");
        }
      }
      copy.put(e.getKey(), vs);
      max = Math.max(max, vs.size());
    }
    this.values = Collections.unmodifiableMap(copy);
    this.runs = max;
  }

  /** A one-run plan with the given assignment. */
  public static DimPlan fixed(Map<String, Long> assignment) {
    Map<String, List<Long>> v = new LinkedHashMap<>();
    assignment.forEach((k, x) -> v.put(k, List.of(x)));
    return new DimPlan(v);
  }

  /** The symbol naming dim {@code axis} of input {@code inputName}, or null for a static dim. */
  public static String symbolOf(String inputName, int axis, Dim dim) {
    if (dim instanceof Dim.Symbolic s) {
      return s.name();
    }
    if (dim instanceof Dim.Static s && s.value() >= 0) {
      return null;
    }
    return inputName + "[" + axis + "]";
  }

  public int runs() {
    return runs;
  }

  public Set<String> symbols() {
    return values.keySet();
  }

  /** The values of {@code symbol}, in run order. */
  public List<Long> values(String symbol) {
    List<Long> v = values.get(symbol);
    if (v == null) {
      throw new IllegalArgumentException("no dim named '" + symbol + "' in this plan");
    }
    return v;
  }

  /** Symbol → value in run {@code run}, in symbol order. */
  public Map<String, Long> assignment(int run) {
    checkRun(run);
    Map<String, Long> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, v.get(run % v.size())));
    return Collections.unmodifiableMap(out);
  }

  /**
   * The concrete dims of input {@code inputName} declared with {@code shape} in run {@code run}.
   *
   * @throws IllegalArgumentException if a dynamic dim has no symbol in this plan
   */
  public long[] resolve(String inputName, Shape shape, int run) {
    checkRun(run);
    long[] dims = new long[shape.rank()];
    for (int axis = 0; axis < dims.length; axis++) {
      Dim d = shape.dim(axis);
      String symbol = symbolOf(inputName, axis, d);
      if (symbol == null) {
        dims[axis] = ((Dim.Static) d).value();
      } else {
        List<Long> v = values(symbol);
        dims[axis] = v.get(run % v.size());
      }
    }
    return dims;
  }

  /**
   * The bytes of the inputs of the largest run: the user's tensor where one is given, else the
   * declared element type at the resolved dims; inputs without a shape or a sized type count 0.
   * Long.MAX_VALUE when the count overflows.
   */
  public long inputBytes(List<InputSpec> inputs, Map<String, dev.scalpel.graph.Tensor> userInputs) {
    long max = 0;
    for (int r = 0; r < runs; r++) {
      long total = 0;
      try {
        for (InputSpec in : inputs) {
          dev.scalpel.graph.Tensor given = userInputs.get(in.name());
          long[] dims;
          dev.scalpel.graph.DataType type;
          if (given != null) {
            dims = given.dims();
            type = given.dataType();
          } else if (in.type() instanceof dev.scalpel.graph.ValueType.TensorType t && t.shape() != null) {
            dims = resolve(in.name(), t.shape(), r);
            type = t.elementType();
          } else {
            continue;
          }
          if (!type.hasFixedWidth()) {
            continue;
          }
          long count = 1;
          for (long d : dims) {
            count = Math.multiplyExact(count, Math.max(d, 0));
          }
          total = Math.addExact(total, Math.max(type.byteSize(count), 0));
        }
      } catch (ArithmeticException overflow) {
        return Long.MAX_VALUE;
      }
      max = Math.max(max, total);
    }
    return max;
  }

  private void checkRun(int run) {
    if (run < 0 || run >= runs) {
      throw new IndexOutOfBoundsException("run " + run + " of " + runs);
    }
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
