package dev.scalpel.runtime;

import dev.scalpel.graph.Shape;
import dev.scalpel.graph.Tensor;
import dev.scalpel.graph.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Proposes {@link DimPlan}s for a model's inputs, best first.
 *
 * <p>The rule: a symbol the user fixed (an override such as {@code batch=1,4}, or the size a
 * user-supplied tensor has on that dim) keeps those values in every candidate. Every other symbol
 * takes two different values from one rung of {@link #DEFAULT_LADDER}: {2, 3} first, then {8, 13},
 * then {32, 48}. All free symbols move together: in run 0 they all take the rung's first value, in
 * run 1 its second, so differently named dims that a model silently needs equal (dynamo exporters
 * name them per input) stay equal. The caller tries the candidates in order and keeps the first at
 * which the original model runs: small sizes keep the check fast, larger ones rescue models that
 * need a minimum size (a strided convolution whose output would be empty, a pooling window).
 * Two values, both above 1, catch rewrites that froze a dim to the size they were traced with.
 */
public final class DimPlanner {
  /** The rungs tried for free symbols, in order. */
  public static final List<List<Long>> DEFAULT_LADDER =
      List.of(List.of(2L, 3L), List.of(8L, 13L), List.of(32L, 48L));

  private final Map<String, List<Long>> overrides;
  private final List<List<Long>> ladder;

  /** A planner with user overrides (symbol → values) and the default ladder. */
  public DimPlanner(Map<String, List<Long>> overrides) {
    this(overrides, DEFAULT_LADDER);
  }

  public DimPlanner(Map<String, List<Long>> overrides, List<List<Long>> ladder) {
    this.overrides = Map.copyOf(overrides);
    this.ladder = List.copyOf(ladder);
    if (this.ladder.isEmpty()) {
      throw new IllegalArgumentException("the ladder needs at least one rung");
    }
  }

  /** The symbols of {@code inputs}' dynamic dims, in order of first appearance. */
  public static Set<String> symbols(List<InputSpec> inputs) {
    Set<String> out = new LinkedHashSet<>();
    for (InputSpec in : inputs) {
      Shape shape = shapeOf(in);
      if (shape != null) {
        for (int axis = 0; axis < shape.rank(); axis++) {
          String s = DimPlan.symbolOf(in.name(), axis, shape.dim(axis));
          if (s != null) {
            out.add(s);
          }
        }
      }
    }
    return out;
  }

  /**
   * Candidate plans for {@code inputs}, best first. {@code userInputs} bind the symbols of the
   * inputs they are given for.
   *
   * @throws IllegalArgumentException if an override names no dim of any input
   * @throws InputSpecException if two user tensors give one symbol different sizes
   */
  public List<DimPlan> candidates(List<InputSpec> inputs, Map<String, Tensor> userInputs) {
    Set<String> symbols = symbols(inputs);
    for (String o : overrides.keySet()) {
      if (!symbols.contains(o)) {
        throw new IllegalArgumentException(
            "--dims " + o + ": no input has a dynamic dim named '" + o + "'; dynamic dims are " + symbols);
      }
    }
    Map<String, List<Long>> fixed = new LinkedHashMap<>(overrides);
    fixed.putAll(boundByUser(inputs, userInputs));
    boolean anyFree = symbols.stream().anyMatch(s -> !fixed.containsKey(s));
    List<DimPlan> out = new ArrayList<>();
    for (List<Long> rung : anyFree ? ladder : ladder.subList(0, 1)) {
      Map<String, List<Long>> values = new LinkedHashMap<>();
      for (String s : symbols) {
        values.put(s, fixed.getOrDefault(s, rung));
      }
      out.add(new DimPlan(values));
    }
    return out;
  }

  private static Map<String, List<Long>> boundByUser(List<InputSpec> inputs, Map<String, Tensor> userInputs) {
    Map<String, List<Long>> bound = new LinkedHashMap<>();
    Map<String, String> boundBy = new LinkedHashMap<>();
    for (InputSpec in : inputs) {
      Tensor t = userInputs.get(in.name());
      Shape shape = shapeOf(in);
      if (t == null || shape == null) {
        continue;
      }
      long[] dims = t.dims();
      for (int axis = 0; axis < shape.rank() && axis < dims.length; axis++) {
        String s = DimPlan.symbolOf(in.name(), axis, shape.dim(axis));
        if (s == null) {
          continue;
        }
        List<Long> previous = bound.putIfAbsent(s, List.of(dims[axis]));
        if (previous != null && previous.get(0) != dims[axis]) {
          throw new InputSpecException(in.name(), "dim '" + s + "' is " + dims[axis] + " but input '"
              + boundBy.get(s) + "' has it " + previous.get(0));
        }
        boundBy.putIfAbsent(s, in.name());
      }
    }
    return bound;
  }

  private static Shape shapeOf(InputSpec in) {
    return in.type() instanceof ValueType.TensorType t ? t.shape() : null;
  }

  /** Parses {@code batch=1,4} into an override entry. */
  public static Map.Entry<String, List<Long>> parseOverride(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new IllegalArgumentException("expected NAME=V1,V2,..., got '" + text + "'");
    }
    List<Long> values = new ArrayList<>();
    for (String part : text.substring(eq + 1).split(",")) {
      try {
        long v = Long.parseLong(part.trim());
        if (v <= 0) {
          throw new NumberFormatException();
        }
        values.add(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + part + "' in '" + text + "' is not a positive size", e);
      }
    }
    return Map.entry(text.substring(0, eq).trim(), List.copyOf(values));
  }
}
